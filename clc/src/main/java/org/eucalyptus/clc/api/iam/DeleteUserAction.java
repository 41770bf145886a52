package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * Deletes a user: one without access keys, signing certificates,
 * policies, group memberships or login profile (DeleteConflict otherwise, as IAM), or, with
 * {@code IsRecursive=true} (what {@code euare-userdel -R} sends; Eucalyptus's extension), one with
 * them, which go first.
 */
public final class DeleteUserAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public DeleteUserAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    iam.deleteUser(ctx.account(), req.required("UserName"), IamContext.flag(req, "IsRecursive"));
    return req.finish(req.response());
  }
}
