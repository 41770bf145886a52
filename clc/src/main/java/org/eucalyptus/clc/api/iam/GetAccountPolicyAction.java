package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;

/**
 * One policy of the account named in AccountName (Eucalyptus's; the cloud administrator sets them, an
 * account's admin reads its own), its document URL-encoded as IAM returns it.
 */
public final class GetAccountPolicyAction implements QueryAction {
  private final IdentityStore identity;
  private final PolicyDirectory policies;

  public GetAccountPolicyAction(IdentityStore identity, PolicyDirectory policies) {
    this.identity = identity;
    this.policies = policies;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    PolicyDirectory.Owner owner = PolicyRequests.account(req, identity, false);
    var p = policies.get(owner, req.required("PolicyName"));
    return PolicyRequests.document(req, "AccountName", req.required("AccountName"), p.name(), p.document());
  }
}
