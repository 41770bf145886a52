package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.LoginProfiles;

/** Takes a user's console password away; NoSuchEntity if it has none. */
public final class DeleteLoginProfileAction implements QueryAction {
  private final IdentityStore identity;
  private final LoginProfiles logins;

  public DeleteLoginProfileAction(IdentityStore identity, LoginProfiles logins) {
    this.identity = identity;
    this.logins = logins;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    logins.delete(ctx.account(), req.required("UserName"));
    return req.finish(req.response());
  }
}
