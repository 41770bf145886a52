package org.eucalyptus.clc.clusters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;

/** One SOAP client per cluster controller, made on first use and kept (CXF proxies are thread-safe). */
public final class ClusterClients {
  /** Long polls wait up to this long at the CC; the client waits a little longer. */
  public static final Duration LONG_POLL = Duration.ofSeconds(20);

  private final Map<String, EucalyptusCCPortType> clients = new ConcurrentHashMap<>();

  public EucalyptusCCPortType forCluster(Cluster cluster) {
    return clients.computeIfAbsent(cluster.serviceUrl(), url ->
        SoapClients.create(EucalyptusCCPortType.class, url, Duration.ofSeconds(5), LONG_POLL.plusSeconds(40)));
  }
}
