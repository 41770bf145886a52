package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.LoginProfile;
import org.eucalyptus.clc.identity.LoginProfiles;
import org.eucalyptus.clc.identity.PasswordPolicyException;
import org.eucalyptus.common.xml.XmlWriter;

/** Gives a user a console password; EntityAlreadyExists for a second. */
public final class CreateLoginProfileAction implements QueryAction {
  private final IdentityStore identity;
  private final LoginProfiles logins;

  public CreateLoginProfileAction(IdentityStore identity, LoginProfiles logins) {
    this.identity = identity;
    this.logins = logins;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = req.required("UserName");
    LoginProfile p;
    try {
      p = logins.create(ctx.account(), user, req.param("Password"));
    } catch (PasswordPolicyException e) {
      throw LoginProfileXml.refused(e);
    }
    XmlWriter x = req.response();
    LoginProfileXml.profile(x, user, p);
    return req.finish(x);
  }
}
