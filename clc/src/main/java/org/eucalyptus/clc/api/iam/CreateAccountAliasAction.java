package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.AccountAliases;
import org.eucalyptus.clc.identity.IdentityStore;

/** Gives the account an alias, replacing the one it had. */
public final class CreateAccountAliasAction implements QueryAction {
  private final IdentityStore identity;
  private final AccountAliases aliases;

  public CreateAccountAliasAction(IdentityStore identity, AccountAliases aliases) {
    this.identity = identity;
    this.aliases = aliases;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    aliases.create(ctx.account(), req.required("AccountAlias"));
    return req.finish(req.response());
  }
}
