package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.xml.XmlWriter;

/** Creates a user in the account. */
public final class CreateUserAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public CreateUserAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    // In ctx's account (the cloud administrator's DelegateAccount too, whom no quota limits).
    QuotaClaim quota = new QuotaClaim(Quotas.USER_NUMBER,
        req.authorization().limits("iam:CreateUser", Quotas.USER_NUMBER), ctx.account(), req.caller().userId());
    var u = iam.createUser(quota, req.required("UserName"), req.param("Path"));
    XmlWriter x = req.response();
    IamXml.user(x, "User", u);
    return req.finish(x);
  }
}
