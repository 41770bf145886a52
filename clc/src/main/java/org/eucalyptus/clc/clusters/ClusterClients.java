package org.eucalyptus.clc.clusters;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;

/**
 * One SOAP client per cluster controller, made on first use and kept (CXF proxies are thread-safe).
 * Every call is signed (WS-Security) with the cloud CA's key: what an enrolled cluster controller
 * takes calls from.
 */
public final class ClusterClients {
  /** Long polls wait up to this long at the CC; the client waits a little longer. */
  public static final Duration LONG_POLL = Duration.ofSeconds(20);

  private final Map<String, EucalyptusCCPortType> clients = new ConcurrentHashMap<>();
  private final Supplier<Optional<SigningIdentity>> signer;

  public ClusterClients(Supplier<Optional<SigningIdentity>> signer) {
    this.signer = signer;
  }

  /** Clients that do not sign (tests of cluster controllers nobody enrolled). */
  public ClusterClients() {
    this(Optional::empty);
  }

  public EucalyptusCCPortType forCluster(Cluster cluster) {
    return clients.computeIfAbsent(cluster.serviceUrl(), url -> WsSecurity.signing(
        SoapClients.create(EucalyptusCCPortType.class, url, Duration.ofSeconds(5), LONG_POLL.plusSeconds(40)), signer));
  }
}
