package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Creates an account with its admin user (the cloud administrator only; Eucalyptus's extension). */
public final class CreateAccountAction implements Ec2Action {
  private final IdentityStore identity;

  public CreateAccountAction(IdentityStore identity) {
    this.identity = identity;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    if (!req.caller().admin()) {
      throw IamContext.denied("Only the cloud administrator creates accounts");
    }
    String name = req.required("AccountName");
    Account a;
    try {
      a = identity.createAccount(name);
    } catch (IllegalArgumentException e) {
      throw new Ec2Exception("ValidationError", e.getMessage());
    } catch (IllegalStateException e) {
      throw new Ec2Exception("EntityAlreadyExists", e.getMessage(),
          io.netty.handler.codec.http.HttpResponseStatus.CONFLICT);
    }
    XmlWriter x = req.response().start("Account").element("AccountName", a.name())
        .element("AccountId", a.accountNumber()).end();
    return req.finish(x);
  }
}
