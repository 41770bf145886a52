package org.eucalyptus.tools.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** The admin client reads responses with a parser: fields by name, whatever their markup. */
@UnitTest
class Ec2QueryClientXmlTest {
  static final String NODES = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<DescribeNodesResponse xmlns=\"http://ec2.amazonaws.com/doc/2012-05-01/\"><requestId>r</requestId>"
      + "<nodeSet><item><host>10.0.0.1</host><trust/></item>"
      + "<item><host>10.0.0.2</host><trust>no &amp; &quot;never&quot;&#xD;</trust></item></nodeSet>"
      + "</DescribeNodesResponse>";

  @Test
  void fieldsKeepTheirOrderEvenWhenOneIsEmpty() {
    assertThat(Ec2QueryClient.elements(NODES, "host")).containsExactly("10.0.0.1", "10.0.0.2");
    // A pattern over the text skipped <trust/>, so the second node's trust was read as the first's.
    assertThat(Ec2QueryClient.elements(NODES, "trust")).containsExactly("", "no & \"never\"\r");
  }

  @Test
  void listItemsAreReadFieldByField() {
    var items = Ec2QueryClient.blocks(NODES, "item");
    assertThat(items).hasSize(2);
    assertThat(Ec2QueryClient.element(items.get(1), "host")).isEqualTo("10.0.0.2");
    assertThat(Ec2QueryClient.element(items.get(0), "missing")).isNull();
  }

  @Test
  void markupInsideTextIsText() {
    String xml = "<R><message><![CDATA[<imageId>emi-fake</imageId>]]></message><imageId>emi-12345678</imageId></R>";
    assertThat(Ec2QueryClient.element(xml, "imageId")).isEqualTo("emi-12345678");
  }

  @Test
  void aBodyThatIsNotXmlHasNoFields() {
    assertThat(Ec2QueryClient.element("<html><body>502 Bad Gateway", "Code")).isNull();
    assertThat(Ec2QueryClient.element("", "Code")).isNull();
    assertThat(Ec2QueryClient.elements("not xml", "Code")).isEmpty();
  }
}
