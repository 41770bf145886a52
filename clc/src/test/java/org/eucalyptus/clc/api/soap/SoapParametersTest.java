package org.eucalyptus.clc.api.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** EC2's SOAP request elements and the Query parameters of the same requests, as EC2 documents both. */
@UnitTest
class SoapParametersTest {
  private static Map<String, String> params(String action, String body) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Element e = f.newDocumentBuilder().parse(new InputSource(new StringReader("<" + action
        + " xmlns=\"http://ec2.amazonaws.com/doc/2010-08-31/\">" + body + "</" + action + ">"))).getDocumentElement();
    return SoapParameters.of(action, e);
  }

  @Test
  void listsOfNamesAndFilters() throws Exception {
    assertThat(params("TerminateInstances", "<instancesSet><item><instanceId>i-1</instanceId></item>"
        + "<item><instanceId>i-2</instanceId></item></instancesSet>"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("InstanceId.1", "i-1", "InstanceId.2", "i-2"));
    assertThat(params("DescribeImages", "<filterSet><item><name>state</name><valueSet><item><value>available</value>"
        + "</item><item><value>pending</value></item></valueSet></item></filterSet>"))
        .containsEntry("Filter.1.Name", "state").containsEntry("Filter.1.Value.1", "available")
        .containsEntry("Filter.1.Value.2", "pending").hasSize(3);
  }

  @Test
  void permissionsStructuresAndTheNamesEc2GaveOtherwise() throws Exception {
    assertThat(params("AuthorizeSecurityGroupIngress", "<groupName>web</groupName><ipPermissions><item>"
        + "<ipProtocol>tcp</ipProtocol><fromPort>80</fromPort><toPort>80</toPort>"
        + "<groups><item><userId>123</userId><groupName>lb</groupName></item></groups>"
        + "<ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions>"))
        .containsEntry("GroupName", "web").containsEntry("IpPermissions.1.IpProtocol", "tcp")
        .containsEntry("IpPermissions.1.FromPort", "80").containsEntry("IpPermissions.1.Groups.1.UserId", "123")
        .containsEntry("IpPermissions.1.Groups.1.GroupName", "lb")
        .containsEntry("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0");
    assertThat(params("RunInstances", "<imageId>emi-1</imageId><minCount>1</minCount><maxCount>2</maxCount>"
        + "<groupSet><item><groupId>sg-1</groupId></item></groupSet><userData><data>aGk=</data></userData>"
        + "<placement><availabilityZone>cluster01</availabilityZone></placement>"))
        .containsEntry("ImageId", "emi-1").containsEntry("MaxCount", "2").containsEntry("SecurityGroupId.1", "sg-1")
        .containsEntry("UserData", "aGk=").containsEntry("Placement.AvailabilityZone", "cluster01");
  }
}
