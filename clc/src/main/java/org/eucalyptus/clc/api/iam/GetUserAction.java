package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Describes a user (the caller, without UserName). */
public final class GetUserAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public GetUserAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    var u = iam.user(ctx.account(), ctx.targetUser(req));
    XmlWriter x = req.response();
    IamXml.user(x, "User", u);
    return req.finish(x);
  }
}
