package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Creates an access key; its secret is in this answer only. */
public final class CreateAccessKeyAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public CreateAccessKeyAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    var k = iam.createAccessKey(ctx.account(), user);
    XmlWriter x = req.response().start("AccessKey").element("UserName", user)
        .element("AccessKeyId", k.accessKeyId()).element("Status", "Active")
        .element("SecretAccessKey", k.secretKey()).element("CreateDate", IamXml.time(java.time.Instant.now())).end();
    return req.finish(x);
  }
}
