package org.eucalyptus.clc.clusters;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eucalyptus.clc.storage.NodeCertificates;

/**
 * The certificates of the nodes the cloud found enrolled (or enrolled itself), as {@link
 * ComponentEnrollment} sees them through each cluster controller's DescribeNodeIdentities, by cluster
 * and node address. The storage controller seals an attachment's CHAP password for one of them.
 * Held in memory: the enrolment's first round after a start fills it again.
 */
public final class EnrolledNodeCertificates implements NodeCertificates {
  /** PEM by cluster, then by node "host:port". */
  private final Map<String, Map<String, String>> byCluster = new ConcurrentHashMap<>();

  /** The node's key in a cluster: its host and port, as DescribeNodeIdentities and a service URL both say. */
  static String node(String host, int port) {
    return host + ":" + port;
  }

  void remember(String cluster, String host, int port, String pem) {
    byCluster.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>()).put(node(host, port), pem);
  }

  void forget(String cluster, String host, int port) {
    Map<String, String> nodes = byCluster.get(cluster);
    if (nodes != null) {
      nodes.remove(node(host, port));
    }
  }

  /** Keeps only the nodes the cluster still lists. */
  void retain(String cluster, Set<String> nodes) {
    Map<String, String> known = byCluster.get(cluster);
    if (known != null) {
      known.keySet().retainAll(nodes);
    }
  }

  /**
   * {@code serviceTag} is the node's service URL as the cluster controller reports it for an instance
   * ({@code http://host:port/axis2/services/EucalyptusNC}); its host and port name the node.
   */
  @Override
  public Optional<String> pem(String cluster, String serviceTag) {
    Map<String, String> nodes = byCluster.get(cluster);
    if (nodes == null || serviceTag == null) {
      return Optional.empty();
    }
    URI url;
    try {
      url = URI.create(serviceTag);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (url.getHost() == null || url.getPort() < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(nodes.get(node(url.getHost(), url.getPort())));
  }
}
