package org.eucalyptus.common.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
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
  void theDoorRefusesControlsButKeepsTabsAndLineEnds() {
    assertThat(XmlChars.refusedAt("a\tb\nc\rd é \uD83D\uDE00")).isEqualTo(-1);
    assertThat(XmlChars.refusedAt("ab\u007f")).isEqualTo(2);
    assertThat(XmlChars.refusedAt("ab\u0085")).isEqualTo(2);
    assertThat(XmlChars.refusedAt("a\u0000\u0085")).isEqualTo(1);
    assertThat(XmlChars.refusedAt("x\uD800")).isEqualTo(1);
    assertThat(XmlChars.printable("a\u0000b\uD800")).isEqualTo("a\\u0000b\\uD800");
    assertThat(XmlChars.printable("x".repeat(300), 10)).startsWith("xxxxxxxxxx…").contains("300 characters");
  }
}
