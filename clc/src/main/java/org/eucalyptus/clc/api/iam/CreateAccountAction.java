package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Creates an account with its admin user (the cloud administrator only; Eucalyptus's extension). */
public final class CreateAccountAction implements QueryAction {
  private final IdentityStore identity;

  public CreateAccountAction(IdentityStore identity) {
    this.identity = identity;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    if (!req.caller().admin()) {
      throw IamContext.denied("Only the cloud administrator creates accounts");
    }
    String name = req.required("AccountName");
    Account a = identity.createAccount(name);
    XmlWriter x = req.response().start("Account").element("AccountName", a.name())
        .element("AccountId", a.accountNumber()).end();
    return req.finish(x);
  }
}
