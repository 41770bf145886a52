package org.eucalyptus.clc.api.groups;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.groups.SecurityGroupStore;

public final class DeleteSecurityGroupAction implements QueryAction {
  private final SecurityGroupStore groups;

  public DeleteSecurityGroupAction(SecurityGroupStore groups) {
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    groups.delete(GroupRefs.target(groups, req));
    return req.response().element("return", "true").toString();
  }
}
