package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists every account (the cloud administrator only; Eucalyptus's extension). */
public final class ListAccountsAction implements Ec2Action {
  private final IdentityStore identity;

  public ListAccountsAction(IdentityStore identity) {
    this.identity = identity;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
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
