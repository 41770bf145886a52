package org.eucalyptus.common.auth;

/** The authenticated identity behind a request. */
public record Caller(
    String accountNumber, String accountName, String userId, String userName, String accessKeyId, boolean admin) {}
