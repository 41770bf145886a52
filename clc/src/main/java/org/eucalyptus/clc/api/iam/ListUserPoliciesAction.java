package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;

/**
 * The names of the policies of the user named in UserName (the account's admin; a user may read its own),
 * paged by Marker and MaxItems.
 */
public final class ListUserPoliciesAction implements QueryAction {
  private final IdentityStore identity;
  private final PolicyDirectory policies;

  public ListUserPoliciesAction(IdentityStore identity, PolicyDirectory policies) {
    this.identity = identity;
    this.policies = policies;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    return PolicyRequests.names(req, policies.names(PolicyRequests.user(req, identity)));
  }
}
