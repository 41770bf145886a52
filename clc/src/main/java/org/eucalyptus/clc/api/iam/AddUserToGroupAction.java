package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.GroupMemberships;
import org.eucalyptus.clc.identity.IdentityStore;

/** Adds a user to a group. */
public final class AddUserToGroupAction implements QueryAction {
  private final IdentityStore identity;
  private final GroupMemberships memberships;

  public AddUserToGroupAction(IdentityStore identity, GroupMemberships memberships) {
    this.identity = identity;
    this.memberships = memberships;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    memberships.add(ctx.account(), req.required("GroupName"), req.required("UserName"));
    return req.finish(req.response());
  }
}
