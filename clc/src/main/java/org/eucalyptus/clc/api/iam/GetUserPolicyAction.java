package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;

/**
 * One policy of the user named in UserName (the account's admin; a user may read its own), its document
 * URL-encoded as IAM returns it.
 */
public final class GetUserPolicyAction implements QueryAction {
  private final IdentityStore identity;
  private final PolicyDirectory policies;

  public GetUserPolicyAction(IdentityStore identity, PolicyDirectory policies) {
    this.identity = identity;
    this.policies = policies;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    PolicyDirectory.Owner owner = PolicyRequests.user(req, identity);
    var p = policies.get(owner, req.required("PolicyName"));
    return PolicyRequests.document(req, "UserName", req.required("UserName"), p.name(), p.document());
  }
}
