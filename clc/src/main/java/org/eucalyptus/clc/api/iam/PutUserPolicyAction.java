package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;
import org.eucalyptus.common.policy.MalformedPolicyException;

/**
 * Stores a policy of the user named in UserName (the account's admin; a user may read its own), replacing
 * one of the same name; a document that does not parse is MalformedPolicyDocument, saying where.
 */
public final class PutUserPolicyAction implements QueryAction {
  private final IdentityStore identity;
  private final PolicyDirectory policies;

  public PutUserPolicyAction(IdentityStore identity, PolicyDirectory policies) {
    this.identity = identity;
    this.policies = policies;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    PolicyDirectory.Owner owner = PolicyRequests.user(req, identity);
    try {
      policies.put(owner, req.required("PolicyName"), req.required("PolicyDocument"));
    } catch (MalformedPolicyException e) {
      throw PolicyRequests.malformed(e);
    }
    return req.finish(req.response());
  }
}
