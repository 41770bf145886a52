package org.eucalyptus.common.http;

/**
 * What the handlers learn about one request for its access-log line: who made it (access key id or
 * certificate subject), which service and action it was, and the protocol's error code if it
 * failed. Written by the worker that handles the request, read by the event loop once the answer is
 * sent. Never holds a secret or a signature.
 */
public final class AccessRecord {
  private volatile String principal;
  private volatile String service;
  private volatile String action;
  private volatile String errorCode;

  public AccessRecord principal(String principal) {
    this.principal = principal;
    return this;
  }

  public AccessRecord service(String service) {
    this.service = service;
    return this;
  }

  public AccessRecord action(String action) {
    this.action = action;
    return this;
  }

  public AccessRecord errorCode(String errorCode) {
    this.errorCode = errorCode;
    return this;
  }

  public String principal() {
    return principal;
  }

  public String service() {
    return service;
  }

  public String action() {
    return action;
  }

  public String errorCode() {
    return errorCode;
  }
}
