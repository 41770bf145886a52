package org.eucalyptus.common.policy;

/** What a statement does: allow, deny, or (Eucalyptus's) limit a quota. */
public enum Effect { ALLOW, DENY, LIMIT }
