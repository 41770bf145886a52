package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.LoginProfile;
import org.eucalyptus.clc.identity.LoginProfiles;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * A user's login profile (the caller's without UserName): when it was made, never the password.
 * NoSuchEntity for a user without one, which {@code euare-userdel -r} asks before it deletes a user.
 */
public final class GetLoginProfileAction implements QueryAction {
  private final IdentityStore identity;
  private final LoginProfiles logins;

  public GetLoginProfileAction(IdentityStore identity, LoginProfiles logins) {
    this.identity = identity;
    this.logins = logins;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    LoginProfile p = logins.get(ctx.account(), user);
    XmlWriter x = req.response();
    LoginProfileXml.profile(x, user, p);
    return req.finish(x);
  }
}
