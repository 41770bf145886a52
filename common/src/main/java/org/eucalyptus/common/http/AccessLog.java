package org.eucalyptus.common.http;

import java.net.InetSocketAddress;
import java.time.Instant;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One line per request, written once its answer has been sent, to the logger {@value #LOGGER}
 * (etc/log4j2.xml sends it to {@code <component>-access.log}):
 *
 * <pre>time client server principal service action status error bytes-in bytes-out ms</pre>
 *
 * Fields a request does not have are {@code -}; fields with spaces are quoted. The action is what the
 * service named (EC2 action, SOAP operation, S3 method and bucket/key) or the method and the path,
 * never the query string (signed requests carry their signature there).
 */
final class AccessLog {
  static final String LOGGER = "eucalyptus.access";
  /** The error code of a connection refused over HTTP_MAX_CONNECTIONS or HTTP_MAX_CONNECTIONS_PER_CLIENT. */
  static final String CONNECTION_LIMIT = "ConnectionLimit";
  private static final Logger LOG = LogManager.getLogger(LOGGER);

  private final String server;

  AccessLog(String server) {
    this.server = server;
  }

  boolean enabled() {
    return LOG.isInfoEnabled();
  }

  void write(Instant started, InetSocketAddress client, AccessRecord rec, String method, String path, int status,
      long bytesIn, long bytesOut, long millis) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String action = rec.action() != null ? rec.action() : method + " " + path;
    StringBuilder b = new StringBuilder(160);
    b.append(started).append(' ')
        .append(client == null ? "-" : client.getAddress().getHostAddress() + ":" + client.getPort()).append(' ')
        .append(server).append(' ');
    field(b, rec.principal()).append(' ');
    field(b, rec.service()).append(' ');
    field(b, action).append(' ')
        .append(status).append(' ');
    field(b, rec.errorCode()).append(' ')
        .append(bytesIn).append(' ').append(bytesOut).append(' ').append(millis);
    LOG.info(b.toString());
  }

  /**
   * A connection refused over a connection cap: status 503, error {@value #CONNECTION_LIMIT}, the action
   * the request line named if it had come ({@code null}: "-"). One line each, like any answer: the line
   * costs less than the refusal itself, and the file is rolled (etc/log4j2.xml), so a flood neither
   * slows the refusals nor fills the disk.
   */
  void refused(InetSocketAddress client, RequestLine request, long bytesIn, long bytesOut) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    AccessRecord rec = new AccessRecord().action(request == null ? "-" : request.action()).errorCode(CONNECTION_LIMIT);
    write(Instant.now(), client, rec, null, null, 503, bytesIn, bytesOut, 0);
  }

  /** A value as one field: {@code -} when absent, quoted when it has spaces or quotes, control characters dropped. */
  private static StringBuilder field(StringBuilder b, String v) {
    if (v == null || v.isEmpty()) {
      return b.append('-');
    }
    boolean quote = v.indexOf(' ') >= 0 || v.indexOf('"') >= 0;
    if (quote) {
      b.append('"');
    }
    for (int i = 0; i < v.length() && i < 512; i++) {
      char c = v.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c >= 0x20 && c != 0x7f) {
        b.append(c);
      }
    }
    return quote ? b.append('"') : b;
  }
}
