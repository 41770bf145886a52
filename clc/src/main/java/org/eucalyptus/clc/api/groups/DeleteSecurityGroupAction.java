package org.eucalyptus.clc.api.groups;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.groups.SecurityGroupStore;

public final class DeleteSecurityGroupAction implements Ec2Action {
  private final SecurityGroupStore groups;

  public DeleteSecurityGroupAction(SecurityGroupStore groups) {
    this.groups = groups;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    try {
      groups.delete(GroupRefs.target(groups, req));
    } catch (SecurityGroupStore.GroupException e) {
      throw new Ec2Exception(e.code(), e.getMessage());
    }
    return req.response().element("return", "true").toString();
  }
}
