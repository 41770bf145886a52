package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Deletes an access key; requests signed with it fail from then on. */
public final class DeleteAccessKeyAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public DeleteAccessKeyAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    iam.deleteAccessKey(ctx.account(), ctx.targetUser(req), req.required("AccessKeyId"));
    return req.finish(req.response());
  }
}
