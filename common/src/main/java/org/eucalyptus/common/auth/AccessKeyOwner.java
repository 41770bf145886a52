package org.eucalyptus.common.auth;

/**
 * Who an access key belongs to, with the secret needed to check a signature made with it.
 *
 * @param accountNumber the 12-digit account id
 * @param admin whether the user is the cloud administrator (the {@code eucalyptus} account's admin)
 */
public record AccessKeyOwner(
    String accessKeyId,
    String secretKey,
    String accountNumber,
    String accountName,
    String userId,
    String userName,
    boolean admin) {

  /** The same owner without the secret: what request handlers are given. */
  public Caller caller() {
    return new Caller(accountNumber, accountName, userId, userName, accessKeyId, admin);
  }
}
