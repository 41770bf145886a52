package org.eucalyptus.common.policy;

/**
 * A policy document that is not valid JSON or not a valid policy. The message says what is wrong
 * and where (line and column, or the statement and element), for the caller's
 * MalformedPolicyDocument error.
 */
public final class MalformedPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedPolicyException(String message) {
    super(message);
  }
}
