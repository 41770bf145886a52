package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists a user's access keys (never their secrets). */
public final class ListAccessKeysAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public ListAccessKeysAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    var page = Paging.of(req).page(iam.accessKeys(ctx.account(), user), k -> k.accessKeyId());
    XmlWriter x = req.response().start("AccessKeyMetadata");
    for (var k : page.items()) {
      IamXml.keyMetadata(x, user, k);
    }
    page.writeTail(x.end()).element("UserName", user);
    return req.finish(x);
  }
}
