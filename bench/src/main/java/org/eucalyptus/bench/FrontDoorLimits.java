package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;

/**
 * The HTTP front door's limits as a server's eucalyptus.conf sets them (the server's defaults where
 * it does not), which the front-door benchmark compares its figures against.
 */
record FrontDoorLimits(int idleTimeoutSec, int headerTimeoutSec, int bodyTimeoutSec, int maxConnections,
    int maxConnectionsPerClient) {

  static final FrontDoorLimits SERVER_DEFAULTS = new FrontDoorLimits(60, 10, 30, 4096, 256);

  static FrontDoorLimits read(Path conf) throws IOException {
    EucaConf c = EucaConf.load(conf);
    FrontDoorLimits d = SERVER_DEFAULTS;
    return new FrontDoorLimits(
        c.getInt("HTTP_IDLE_TIMEOUT_SEC", d.idleTimeoutSec()),
        c.getInt("HTTP_HEADER_TIMEOUT_SEC", d.headerTimeoutSec()),
        c.getInt("HTTP_BODY_TIMEOUT_SEC", d.bodyTimeoutSec()),
        c.getInt("HTTP_MAX_CONNECTIONS", d.maxConnections()),
        c.getInt("HTTP_MAX_CONNECTIONS_PER_CLIENT", d.maxConnectionsPerClient()));
  }

  /** As eucalyptus.conf keys, in the order the server documents them. */
  Map<String, String> asConf() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("HTTP_IDLE_TIMEOUT_SEC", "" + idleTimeoutSec);
    m.put("HTTP_HEADER_TIMEOUT_SEC", "" + headerTimeoutSec);
    m.put("HTTP_BODY_TIMEOUT_SEC", "" + bodyTimeoutSec);
    m.put("HTTP_MAX_CONNECTIONS", "" + maxConnections);
    m.put("HTTP_MAX_CONNECTIONS_PER_CLIENT", "" + maxConnectionsPerClient);
    return m;
  }
}
