package org.eucalyptus.clc.api.groups;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;

public final class AuthorizeSecurityGroupIngressAction implements Ec2Action {
  private final SecurityGroupStore groups;

  public AuthorizeSecurityGroupIngressAction(SecurityGroupStore groups) {
    this.groups = groups;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    SecurityGroup g = GroupRefs.target(groups, req);
    try {
      groups.authorize(g.groupId(), Permissions.parse(req, groups));
    } catch (SecurityGroupStore.GroupException e) {
      throw new Ec2Exception(e.code(), e.getMessage());
    }
    return req.response().element("return", "true").toString();
  }
}
