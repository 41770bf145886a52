package org.eucalyptus.common.auth;

/** The authenticated identity behind a request. */
public record Caller(
    String accountNumber, String accountName, String userId, String userName, String accessKeyId, boolean admin) {

  /** An account's first user, {@code admin}, who may do anything in its account its account's policies allow. */
  public boolean accountAdmin() {
    return "admin".equals(userName);
  }
}
