package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists every account (the cloud administrator only; Eucalyptus's extension). */
public final class ListAccountsAction implements QueryAction {
  private final IdentityStore identity;

  public ListAccountsAction(IdentityStore identity) {
    this.identity = identity;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw IamContext.denied("Only the cloud administrator lists accounts");
    }
    XmlWriter x = req.response().start("Accounts");
    for (Account a : identity.listAccounts()) {
      x.start("member").element("AccountName", a.name()).element("AccountId", a.accountNumber()).end();
    }
    x.end().element("IsTruncated", "false");
    return req.finish(x);
  }
}
