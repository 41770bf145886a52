package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.GroupDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.xml.XmlWriter;

/** Creates a group in the account, within the account's group quota. */
public final class CreateGroupAction implements QueryAction {
  private final IdentityStore identity;
  private final GroupDirectory groups;

  public CreateGroupAction(IdentityStore identity, GroupDirectory groups) {
    this.identity = identity;
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    // In ctx's account (the cloud administrator's DelegateAccount too, whom no quota limits).
    QuotaClaim quota = new QuotaClaim(Quotas.GROUP_NUMBER,
        req.authorization().limits("iam:CreateGroup", Quotas.GROUP_NUMBER), ctx.account(), req.caller().userId());
    var g = groups.create(quota, req.required("GroupName"), req.param("Path"));
    XmlWriter x = req.response();
    GroupXml.group(x, "Group", g);
    return req.finish(x);
  }
}
