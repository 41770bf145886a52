package org.eucalyptus.common.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlWriterTest {
  @Test
  void escapesTextAndClosesWhatIsOpen() {
    String xml = new XmlWriter().root("R", "urn:x").element("a", "<&>\"'").start("set").empty("e")
        .elementOrEmpty("b", "").element("skipped", null).toString();
    assertThat(xml).endsWith("<R xmlns=\"urn:x\"><a>&lt;&amp;&gt;&quot;&apos;</a><set><e/><b/></set></R>");
  }
}
