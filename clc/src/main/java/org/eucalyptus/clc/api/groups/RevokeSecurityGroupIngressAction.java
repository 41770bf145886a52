package org.eucalyptus.clc.api.groups;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;

public final class RevokeSecurityGroupIngressAction implements QueryAction {
  private final SecurityGroupStore groups;
  private final java.util.function.Consumer<String> rulesChanged;

  /** @param rulesChanged told the account whose rules changed (MANAGED clusters apply them at once) */
  public RevokeSecurityGroupIngressAction(SecurityGroupStore groups, java.util.function.Consumer<String> rulesChanged) {
    this.groups = groups;
    this.rulesChanged = rulesChanged;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    SecurityGroup g = GroupRefs.target(groups, req);
    groups.revoke(g.groupId(), Permissions.parse(req, groups));
    rulesChanged.accept(g.accountNumber());
    return req.response().element("return", "true").toString();
  }
}
