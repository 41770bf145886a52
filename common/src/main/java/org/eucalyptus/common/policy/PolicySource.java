package org.eucalyptus.common.policy;

import org.eucalyptus.common.auth.Caller;

/**
 * Where a service finds the policies of a caller: the CLC's identity database (read directly at
 * the CLC, read-only by a Walrus on a host of its own). Read per request, so a policy change
 * counts from the next request on.
 */
public interface PolicySource {
  CallerPolicies policiesOf(Caller caller);
}
