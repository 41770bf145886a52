package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;

/** Deletes a signing certificate; SOAP messages signed with it are refused from then on. */
public final class DeleteSigningCertificateAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public DeleteSigningCertificateAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    iam.deleteSigningCertificate(ctx.account(), ctx.targetUser(req), req.required("CertificateId"));
    return req.finish(req.response());
  }
}
