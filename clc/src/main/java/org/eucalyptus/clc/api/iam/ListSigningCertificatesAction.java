package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists a user's signing certificates. */
public final class ListSigningCertificatesAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public ListSigningCertificatesAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    var page = Paging.of(req).page(iam.signingCertificates(ctx.account(), user), c -> c.certificateId());
    XmlWriter x = req.response().start("Certificates");
    for (var c : page.items()) {
      IamXml.certificate(x, "member", user, c);
    }
    page.writeTail(x.end());
    return req.finish(x);
  }
}
