package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.GroupDirectory;
import org.eucalyptus.clc.identity.IdentityStore;

/** Deletes a group without members or policies, or, with {@code IsRecursive=true} (Eucalyptus's), with them. */
public final class DeleteGroupAction implements QueryAction {
  private final IdentityStore identity;
  private final GroupDirectory groups;

  public DeleteGroupAction(IdentityStore identity, GroupDirectory groups) {
    this.identity = identity;
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    groups.delete(ctx.account(), req.required("GroupName"), IamContext.flag(req, "IsRecursive"));
    return req.finish(req.response());
  }
}
