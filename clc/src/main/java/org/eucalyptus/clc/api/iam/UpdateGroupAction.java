package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.GroupDirectory;
import org.eucalyptus.clc.identity.IdentityStore;

/** Renames a group or moves it to another path; its members and policies stay. */
public final class UpdateGroupAction implements QueryAction {
  private final IdentityStore identity;
  private final GroupDirectory groups;

  public UpdateGroupAction(IdentityStore identity, GroupDirectory groups) {
    this.identity = identity;
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    groups.update(ctx.account(), req.required("GroupName"), req.param("NewGroupName"), req.param("NewPath"));
    return req.finish(req.response());
  }
}
