package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;

/** Deletes a policy of the user named in UserName (the account's admin; a user may read its own). */
public final class DeleteUserPolicyAction implements QueryAction {
  private final IdentityStore identity;
  private final PolicyDirectory policies;

  public DeleteUserPolicyAction(IdentityStore identity, PolicyDirectory policies) {
    this.identity = identity;
    this.policies = policies;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    policies.delete(PolicyRequests.user(req, identity), req.required("PolicyName"));
    return req.finish(req.response());
  }
}
