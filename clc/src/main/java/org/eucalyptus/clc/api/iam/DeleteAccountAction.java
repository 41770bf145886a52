package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.AccountDeletion;

/**
 * Deletes an account, named by its name or number (the cloud administrator only; Eucalyptus's
 * extension). {@code Recursive=true} (what {@code euare-accountdel -r} sends) deletes what it holds too.
 */
public final class DeleteAccountAction implements QueryAction {
  private final AccountDeletion deletion;

  public DeleteAccountAction(AccountDeletion deletion) {
    this.deletion = deletion;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    if (!req.caller().admin()) {
      throw IamContext.denied("Only the cloud administrator deletes accounts");
    }
    deletion.delete(req.required("AccountName"), IamContext.flag(req, "Recursive"));
    return req.finish(req.response());
  }
}
