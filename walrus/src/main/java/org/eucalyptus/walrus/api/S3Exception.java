package org.eucalyptus.walrus.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An S3 error: S3's code, a message, and the HTTP status S3 uses for it. */
public final class S3Exception extends Exception {
  private final String code;
  private final HttpResponseStatus status;

  public S3Exception(String code, String message, HttpResponseStatus status) {
    super(message);
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public HttpResponseStatus status() {
    return status;
  }
}
