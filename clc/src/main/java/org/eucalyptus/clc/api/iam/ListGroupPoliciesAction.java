package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;

/**
 * The names of the policies of the group named in GroupName (the account's admin), paged by Marker and
 * MaxItems.
 */
public final class ListGroupPoliciesAction implements QueryAction {
  private final IdentityStore identity;
  private final PolicyDirectory policies;

  public ListGroupPoliciesAction(IdentityStore identity, PolicyDirectory policies) {
    this.identity = identity;
    this.policies = policies;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    return PolicyRequests.names(req, policies.names(PolicyRequests.group(req, identity)));
  }
}
