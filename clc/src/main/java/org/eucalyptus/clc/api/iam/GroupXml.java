package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.identity.Group;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.common.xml.XmlWriter;

/** IAM's element shape for a group. */
final class GroupXml {
  private GroupXml() {}

  static void group(XmlWriter x, String element, Group g) {
    x.start(element).element("Path", g.path()).element("GroupName", g.name()).element("GroupId", g.groupId())
        .element("Arn", Arns.iamGroup(g.accountNumber(), g.path(), g.name()))
        .element("CreateDate", IamXml.time(g.created())).end();
  }
}
