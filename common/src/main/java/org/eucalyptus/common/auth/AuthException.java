package org.eucalyptus.common.auth;

/** A request whose credentials could not be accepted; each protocol maps the reason to its own error. */
public final class AuthException extends Exception {
  public enum Reason {
    /** No signature at all. */
    MISSING,
    /** A signature whose parts cannot be read. */
    MALFORMED,
    /** No active key with that id. */
    UNKNOWN_KEY,
    /** The signature does not match the request. */
    BAD_SIGNATURE,
    /** The request's time is outside the allowed window, or a Query request's Expires has passed. */
    EXPIRED,
    /** A presigned S3 URL used after the time it names (S3 answers AccessDenied). */
    URL_EXPIRED
  }

  private final Reason reason;

  public AuthException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
