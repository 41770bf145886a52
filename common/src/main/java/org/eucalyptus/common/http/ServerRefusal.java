package org.eucalyptus.common.http;

/**
 * The answers the HTTP server gives of itself, before any handler has a request. Each route words them
 * in its protocol ({@link HttpServer.Route#withRefusals}: S3's error document, EC2's error XML, a SOAP
 * fault); a route that does not, or a request whose route cannot be told, gets a plain-text one.
 */
public enum ServerRefusal {
  /** Over a connection cap, or no worker free: 503, to be retried. */
  BUSY,
  /** A request line longer than {@link HttpServer#MAX_REQUEST_LINE} bytes: 414. */
  REQUEST_LINE_TOO_LONG,
  /** A request's header section larger than {@link HttpServer#MAX_HEADER_SECTION} bytes: 400. */
  HEADERS_TOO_LARGE
}
