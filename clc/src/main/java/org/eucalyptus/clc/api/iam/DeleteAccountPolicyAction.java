package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;

/**
 * Deletes a policy of the account named in AccountName (Eucalyptus's; the cloud administrator sets them, an
 * account's admin reads its own).
 */
public final class DeleteAccountPolicyAction implements QueryAction {
  private final IdentityStore identity;
  private final PolicyDirectory policies;

  public DeleteAccountPolicyAction(IdentityStore identity, PolicyDirectory policies) {
    this.identity = identity;
    this.policies = policies;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    policies.delete(PolicyRequests.account(req, identity, true), req.required("PolicyName"));
    return req.finish(req.response());
  }
}
