package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.LoginProfiles;
import org.eucalyptus.clc.identity.PasswordPolicyException;

/**
 * Sets a new console password for a user that has one. Without Password
 * nothing changes, as IAM (whose other parameter, PasswordResetRequired, this cloud does not keep).
 */
public final class UpdateLoginProfileAction implements QueryAction {
  private final IdentityStore identity;
  private final LoginProfiles logins;

  public UpdateLoginProfileAction(IdentityStore identity, LoginProfiles logins) {
    this.identity = identity;
    this.logins = logins;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = req.required("UserName");
    String password = req.param("Password");
    try {
      if (password == null) {
        logins.get(ctx.account(), user); // still NoSuchEntity for a user without a profile
      } else {
        logins.update(ctx.account(), user, password);
      }
    } catch (PasswordPolicyException e) {
      throw LoginProfileXml.refused(e);
    }
    return req.finish(req.response());
  }
}
