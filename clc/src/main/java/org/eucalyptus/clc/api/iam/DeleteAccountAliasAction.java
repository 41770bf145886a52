package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.AccountAliases;
import org.eucalyptus.clc.identity.IdentityStore;

/** Removes the account's alias. */
public final class DeleteAccountAliasAction implements QueryAction {
  private final IdentityStore identity;
  private final AccountAliases aliases;

  public DeleteAccountAliasAction(IdentityStore identity, AccountAliases aliases) {
    this.identity = identity;
    this.aliases = aliases;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    aliases.delete(ctx.account(), req.required("AccountAlias"));
    return req.finish(req.response());
  }
}
