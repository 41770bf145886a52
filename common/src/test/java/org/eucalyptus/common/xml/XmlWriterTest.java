package org.eucalyptus.common.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

@UnitTest
class XmlWriterTest {
  @Test
  void escapesTextAndClosesWhatIsOpen() {
    String xml = new XmlWriter().root("R", "urn:x").element("a", "<&>\"'").start("set").empty("e")
        .elementOrEmpty("b", "").element("skipped", null).toString();
    assertThat(xml).endsWith("<R xmlns=\"urn:x\"><a>&lt;&amp;&gt;&quot;&apos;</a><set><e/><b/></set></R>");
  }

  @Test
  void refusesWhatXmlCannotCarryInsteadOfWritingAnInvalidDocument() {
    for (String bad : new String[] {"a\u0000b", "\u0001", "esc\u001b[0m", "\uFFFE", "\uFFFF", "lone \uD800 high",
        "lone \uDC00 low", "\uDC00\uD800"}) {
      assertThatThrownBy(() -> new XmlWriter().root("R", "urn:x").element("v", bad))
          .as(XmlChars.printable(bad)).isInstanceOf(InvalidXmlCharacterException.class).hasMessageContaining("U+");
      assertThatThrownBy(() -> XmlWriter.escape(bad)).isInstanceOf(InvalidXmlCharacterException.class);
    }
    assertThatThrownBy(() -> new XmlWriter().start("a b")).isInstanceOf(InvalidXmlCharacterException.class);
    assertThatThrownBy(() -> new XmlWriter().root("1x", "urn:x")).isInstanceOf(InvalidXmlCharacterException.class);
  }

  @Test
  void whatItAcceptsParsesBackUnchanged() throws Exception {
    String text = "tab\there\nline\r\nand \uD83D\uDE00 é \u00A0 \uFFFD";
    String xml = new XmlWriter().root("R", "urn:x").element("v", text).toString();
    var doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)));
    assertThat(doc.getDocumentElement().getTextContent()).isEqualTo(text);
  }

  @Test
  void writesTheDeclarationAndTheSameBytesResponsesAlwaysHad() {
    String xml = new XmlWriter().root("R", "urn:x").element("e", "say \"hi\"\r\n it's <b> & c").element("n", 7)
        .element("z", "").toString();
    assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R xmlns=\"urn:x\">"
        + "<e>say &quot;hi&quot;&#xD;\n it&apos;s &lt;b&gt; &amp; c</e><n>7</n><z></z></R>");
    assertThat(xml).isEqualTo(xml.toString()); // finished once; asking again gives the same document
  }

  @Test
  void attributesAreEscapedAndParseBack() throws Exception {
    String value = "a<b>&\"c\" 'd' \u00e9 \uD83D\uDE00";
    String xml = new XmlWriter().root("R", "urn:x").start("item").attribute("v", value).attribute("skipped", null)
        .attribute("n", 3).text("t").end().empty("e").attribute("k", "x").toString();
    assertThat(xml).contains("<item v=\"a&lt;b&gt;&amp;&quot;c&quot; 'd' \u00e9 \uD83D\uDE00\" n=\"3\">t</item>")
        .endsWith("<e k=\"x\"/></R>");
    Element item = (Element) parse(xml).getElementsByTagNameNS("urn:x", "item").item(0);
    assertThat(item.getAttribute("v")).isEqualTo(value);
    assertThat(item.hasAttribute("skipped")).isFalse();
  }

  @Test
  void attributesComeRightAfterTheirElementsStart() {
    assertThatThrownBy(() -> new XmlWriter().root("R", "urn:x").element("a", "t").attribute("late", "x"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("attribute late");
    assertThatThrownBy(() -> new XmlWriter().root("R", "urn:x").start("a").text("t").attribute("late", "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new XmlWriter().start("a").attribute("1bad", "x"))
        .isInstanceOf(InvalidXmlCharacterException.class);
  }

  @Test
  void refusesAttributeValuesAParserWouldNotGiveBack() {
    for (String bad : new String[] {"a\u0000", "\uFFFE", "x\uDC00"}) {
      assertThatThrownBy(() -> new XmlWriter().start("a").attribute("v", bad))
          .isInstanceOf(InvalidXmlCharacterException.class).hasMessageContaining("U+");
    }
    for (String normalised : new String[] {"tab\there", "line\nend", "cr\r"}) {
      assertThatThrownBy(() -> new XmlWriter().start("a").attribute("v", normalised))
          .isInstanceOf(InvalidXmlCharacterException.class).hasMessageContaining("attribute v")
          .hasMessageContaining("space");
    }
  }

  @Test
  void prefixedNamespacesAreDeclaredAndUsed() throws Exception {
    String xsi = "http://www.w3.org/2001/XMLSchema-instance";
    String xml = new XmlWriter().root("Grants", "urn:s3").namespace("xsi", xsi).start("Grantee")
        .attribute(xsi, "type", "Group").element("URI", "http://acs/AllUsers").toString();
    assertThat(xml).contains("<Grants xmlns=\"urn:s3\" xmlns:xsi=\"" + xsi + "\"><Grantee xsi:type=\"Group\">");
    Element grantee = (Element) parse(xml).getElementsByTagNameNS("urn:s3", "Grantee").item(0);
    assertThat(grantee.getAttributeNS(xsi, "type")).isEqualTo("Group");
    assertThat(grantee.getNamespaceURI()).isEqualTo("urn:s3");
    assertThatThrownBy(() -> new XmlWriter().root("R", "urn:x").start("a").attribute("urn:undeclared", "t", "v"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("urn:undeclared");
    String soap = "http://schemas.xmlsoap.org/soap/envelope/";
    String env = new XmlWriter().start("soap:Envelope").namespace("soap", soap).start("soap:Body").toString();
    assertThat(parse(env).getDocumentElement().getNamespaceURI()).isEqualTo(soap);
  }

  @Test
  void indentedDocumentsPutEachElementOnItsOwnLine() {
    String xml = XmlWriter.indented().start("domain").attribute("type", "kvm").element("name", "i-1").start("os")
        .empty("boot").attribute("dev", "hd").end().start("devices").start("disk").empty("target").toString();
    assertThat(xml).isEqualTo("""
        <domain type="kvm">
          <name>i-1</name>
          <os>
            <boot dev="hd"/>
          </os>
          <devices>
            <disk>
              <target/>
            </disk>
          </devices>
        </domain>
        """);
  }

  @Test
  void oneRootAndNothingAfterTheEnd() {
    XmlWriter w = new XmlWriter().start("a").end();
    assertThatThrownBy(() -> w.start("b")).isInstanceOf(IllegalStateException.class).hasMessageContaining("one root");
    XmlWriter done = new XmlWriter().start("a");
    assertThat(done.toString()).endsWith("<a></a>"); // finishing closes what is open
    assertThatThrownBy(() -> done.element("b", "t")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new XmlWriter().end()).isInstanceOf(IllegalStateException.class);
  }

  private static Document parse(String xml) throws Exception {
    return XmlDocuments.parse(xml);
  }

  @Test
  void theDoorRefusesControlsButKeepsTabsAndLineEnds() {
    assertThat(XmlChars.refusedAt("a\tb\nc\rd é \uD83D\uDE00")).isEqualTo(-1);
    assertThat(XmlChars.refusedAt("ab\u007f")).isEqualTo(2);
    assertThat(XmlChars.refusedAt("ab\u0085")).isEqualTo(2);
    assertThat(XmlChars.refusedAt("a\u0000\u0085")).isEqualTo(1);
    assertThat(XmlChars.refusedAt("x\uD800")).isEqualTo(1);
    assertThat(XmlChars.printable("a\u0000b\uD800")).isEqualTo("a\\u0000b\\uD800");
    assertThat(XmlChars.printable("x".repeat(300), 10)).startsWith("xxxxxxxxxx…").contains("300 characters");
  }

  @Test
  void aDocumentWithFragmentsIsAssembledAsTheUtf8BytesOfItsText() {
    XmlWriter part = XmlWriter.part();
    part.start("item").element("name", "wéb ☃ <&>").end();
    XmlWriter.Fragment item = part.toFragment();
    XmlWriter x = new XmlWriter().root("R", "urn:x").element("before", "ü");
    x.start("set");
    for (int i = 0; i < 3000; i++) { // past the first buffer's size, so it grows
      x.fragment(item);
    }
    x.end().element("after", "✓");
    CharSequence doc = x.document();
    assertThat(doc).isInstanceOf(Utf8Document.class);
    Utf8Document utf8 = (Utf8Document) doc;
    String text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R xmlns=\"urn:x\"><before>ü</before><set>"
        + "<item><name>wéb ☃ &lt;&amp;&gt;</name></item>".repeat(3000) + "</set><after>✓</after></R>";
    assertThat(java.util.Arrays.copyOf(utf8.buffer(), utf8.size()))
        .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(doc.toString()).isEqualTo(text);
    assertThat(x.toString()).isEqualTo(text);
    // Without fragments a document stays a string, as every small answer is.
    assertThat(new XmlWriter().root("R", "urn:x").element("a", "b").document()).isInstanceOf(String.class);
  }
}
