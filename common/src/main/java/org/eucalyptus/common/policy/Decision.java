package org.eucalyptus.common.policy;

/** An evaluation's outcome: allowed, denied by a statement, or not allowed by any (the default). */
public enum Decision {
  ALLOW, EXPLICIT_DENY, DEFAULT_DENY;

  public boolean allowed() {
    return this == ALLOW;
  }
}
