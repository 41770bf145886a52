package org.eucalyptus.clc.identity;

/** A password the rules refuse (too short, too long, with control characters): IAM's PasswordPolicyViolation. */
public final class PasswordPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public PasswordPolicyException(String message) {
    super(message);
  }
}
