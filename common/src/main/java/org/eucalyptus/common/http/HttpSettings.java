package org.eucalyptus.common.http;

import java.time.Duration;
import org.eucalyptus.common.config.EucaConf;

/**
 * How long a connection may wait on its client, and how many connections one server port and one
 * client address may hold: read once from eucalyptus.conf by each component and given to its
 * {@link HttpServer}s.
 *
 * @param idleTimeout a keep-alive connection with no request in progress is closed after this
 * @param headerTimeout a request's head must have arrived this long after its first byte
 * @param bodyTimeout the longest a request body may take to bring its next 8 KiB (or its end): a
 *     stalled body, or one dribbled a byte at a time, ends its connection
 * @param maxConnections open connections on one server port in all; more are answered 503 and closed
 * @param maxConnectionsPerClient open connections from one client address
 * @param sendTimeout the longest an answer may go without a byte of it reaching the client's socket: a
 *     client that does not read what it asked for ends its connection
 */
public record HttpSettings(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections,
    int maxConnectionsPerClient, Duration sendTimeout) {
  private static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(60);

  public HttpSettings {
    positive("HTTP_IDLE_TIMEOUT_SEC", idleTimeout.toMillis());
    positive("HTTP_HEADER_TIMEOUT_SEC", headerTimeout.toMillis());
    positive("HTTP_BODY_TIMEOUT_SEC", bodyTimeout.toMillis());
    positive("HTTP_MAX_CONNECTIONS", maxConnections);
    positive("HTTP_MAX_CONNECTIONS_PER_CLIENT", maxConnectionsPerClient);
    positive("HTTP_SEND_TIMEOUT_SEC", sendTimeout.toMillis());
  }

  /** Settings with the default send timeout. */
  public HttpSettings(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections,
      int maxConnectionsPerClient) {
    this(idleTimeout, headerTimeout, bodyTimeout, maxConnections, maxConnectionsPerClient, DEFAULT_SEND_TIMEOUT);
  }

  /** These settings with another send timeout. */
  public HttpSettings withSendTimeout(Duration timeout) {
    return new HttpSettings(idleTimeout, headerTimeout, bodyTimeout, maxConnections, maxConnectionsPerClient, timeout);
  }

  public static HttpSettings defaults() {
    return new HttpSettings(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 4096, 256);
  }

  /** The HTTP_* keys of eucalyptus.conf, with {@link #defaults()} for those not set. */
  public static HttpSettings from(EucaConf conf) {
    HttpSettings d = defaults();
    return new HttpSettings(
        Duration.ofSeconds(conf.getLong("HTTP_IDLE_TIMEOUT_SEC", d.idleTimeout().toSeconds())),
        Duration.ofSeconds(conf.getLong("HTTP_HEADER_TIMEOUT_SEC", d.headerTimeout().toSeconds())),
        Duration.ofSeconds(conf.getLong("HTTP_BODY_TIMEOUT_SEC", d.bodyTimeout().toSeconds())),
        conf.getInt("HTTP_MAX_CONNECTIONS", d.maxConnections()),
        conf.getInt("HTTP_MAX_CONNECTIONS_PER_CLIENT", d.maxConnectionsPerClient()),
        Duration.ofSeconds(conf.getLong("HTTP_SEND_TIMEOUT_SEC", d.sendTimeout().toSeconds())));
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be greater than 0, not " + value);
    }
  }
}
