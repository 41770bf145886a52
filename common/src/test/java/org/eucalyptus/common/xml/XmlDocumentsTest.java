package org.eucalyptus.common.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXParseException;

/** Malformed documents raise their error and print nothing; a DOCTYPE is refused. */
@UnitTest
class XmlDocumentsTest {
  static final String[] MALFORMED = {"<a><b></a>", "<a>\u001b</a>", "<a", "", "<a>&x;</a>", "<p:a/>"};

  /** What {@code work} printed on System.err. */
  static String stderrOf(ThrowingRunnable work) throws Exception {
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.setErr(before);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void malformedDocumentsRaiseTheirErrorAndPrintNothing() throws Exception {
    String printed = stderrOf(() -> {
      for (String doc : MALFORMED) {
        assertThatThrownBy(() -> XmlDocuments.parse(doc.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(SAXParseException.class);
        assertThatThrownBy(() -> XmlDocuments.parse(doc)).isInstanceOf(SAXParseException.class);
      }
      assertThatThrownBy(() -> XmlDocuments.parse(new byte[] {(byte) 0xff, (byte) 0x81, 0x3c}))
          .isInstanceOf(SAXParseException.class);
    });
    assertThat(printed).isEmpty();
  }

  @Test
  void theCaptureSeesWhatAParserWithItsDefaultHandlerPrints() throws Exception {
    // The check above would see the parser's own printing: a default builder prints "[Fatal Error]".
    String printed = stderrOf(() -> assertThatThrownBy(() -> DocumentBuilderFactory.newDefaultInstance()
        .newDocumentBuilder().parse(new java.io.ByteArrayInputStream("<a><b></a>".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(SAXParseException.class));
    assertThat(printed).contains("[Fatal Error]");
  }

  @Test
  void wellFormedDocumentsParseWithTheirNamespacesAndDoctypesAreRefused() throws Exception {
    var d = XmlDocuments.parse("<x:a xmlns:x=\"urn:x\"><x:b>t</x:b></x:a>");
    assertThat(d.getDocumentElement().getLocalName()).isEqualTo("a");
    assertThat(d.getElementsByTagNameNS("urn:x", "b").item(0).getTextContent()).isEqualTo("t");
    assertThatThrownBy(() -> XmlDocuments.parse("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>"))
        .isInstanceOf(SAXParseException.class).hasMessageContaining("DOCTYPE");
  }

  @Test
  void readsTheFieldsOfAFlatResponseByLocalName() throws Exception {
    String xml = "<R xmlns=\"urn:ec2\"><requestId>r</requestId><items><item><name>a &amp; &lt;b&gt;</name>"
        + "<value/></item><item><name>c</name><value>d</value><reason>line\nend</reason></item></items>"
        + "<x:name xmlns:x=\"urn:other\">e</x:name><name><nested>not a field</nested></name></R>";
    var doc = XmlDocuments.parse(xml);
    assertThat(XmlDocuments.texts(doc, "name")).containsExactly("a & <b>", "c", "e");
    assertThat(XmlDocuments.texts(doc, "value")).containsExactly("", "d");
    assertThat(XmlDocuments.text(doc, "reason")).isEqualTo("line\nend");
    assertThat(XmlDocuments.text(doc, "missing")).isNull();
    var items = XmlDocuments.elements(doc, "item");
    assertThat(items).hasSize(2);
    assertThat(XmlDocuments.text(items.get(1), "value")).isEqualTo("d");
    assertThat(XmlDocuments.text(items.get(0), "reason")).isNull();
  }

  @Test
  void tryParseIsEmptyForWhatIsNotADocument() throws Exception {
    String printed = stderrOf(() -> {
      for (String notXml : new String[] {null, "", "  ", "<html><body>Bad Gateway", "<Error><Code>x</Code>"}) {
        assertThat(XmlDocuments.tryParse(notXml)).isEmpty();
      }
    });
    assertThat(printed).isEmpty();
    assertThat(XmlDocuments.tryParse("<Error><Code>x</Code></Error>")).isPresent();
  }
}
