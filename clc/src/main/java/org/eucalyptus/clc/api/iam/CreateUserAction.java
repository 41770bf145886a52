package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IamException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Creates a user in the account (the account's admin only). */
public final class CreateUserAction implements Ec2Action {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public CreateUserAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    IamContext ctx = IamContext.of(req, identity);
    try {
      ctx.requireAccountAdmin();
      var u = iam.createUser(ctx.account(), req.required("UserName"), req.param("Path"));
      XmlWriter x = req.response();
      IamXml.user(x, "User", u);
      return req.finish(x);
    } catch (IamException e) {
      throw IamContext.of(e);
    }
  }
}
