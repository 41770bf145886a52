package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.UserUpdate;

/** Renames a user or moves it to another path; its keys, certificates, policies and groups follow. */
public final class UpdateUserAction implements QueryAction {
  private final IdentityStore identity;
  private final UserUpdate update;

  public UpdateUserAction(IdentityStore identity, UserUpdate update) {
    this.identity = identity;
    this.update = update;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    update.update(ctx.account(), req.required("UserName"), req.param("NewUserName"), req.param("NewPath"));
    return req.finish(req.response());
  }
}
