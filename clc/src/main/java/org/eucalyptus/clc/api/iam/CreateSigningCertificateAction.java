package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Issues a key pair and an X.509 certificate signed by the cloud CA (Eucalyptus's extension); the private key is in this answer only. */
public final class CreateSigningCertificateAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public CreateSigningCertificateAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    var c = iam.createSigningCertificate(ctx.account(), user);
    XmlWriter x = req.response();
    IamXml.certificate(x, "Certificate", user, c.certificate(), c.privateKeyPem());
    return req.finish(x);
  }
}
