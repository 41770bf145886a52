package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpSettings;

/**
 * The HTTP front door's limits as a server's eucalyptus.conf sets them (the server's defaults where
 * it does not), which the front-door benchmark compares its figures against.
 */
record FrontDoorLimits(int idleTimeoutSec, int headerTimeoutSec, int bodyTimeoutSec, int maxConnections,
    int maxConnectionsPerClient) {

  static final FrontDoorLimits SERVER_DEFAULTS = new FrontDoorLimits(60, 10, 30, 4096, 256);

  /** Read as the server reads them (its HttpSettings). */
  static FrontDoorLimits read(Path conf) throws IOException {
    HttpSettings h = HttpSettings.from(EucaConf.load(conf));
    return new FrontDoorLimits((int) h.idleTimeout().toSeconds(), (int) h.headerTimeout().toSeconds(),
        (int) h.bodyTimeout().toSeconds(), h.maxConnections(), h.maxConnectionsPerClient());
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
