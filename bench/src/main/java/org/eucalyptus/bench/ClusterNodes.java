package org.eucalyptus.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.tools.admin.Ec2QueryClient;

/**
 * A cluster's nodes as the administrator sees them through the CLC's Configuration service (what
 * {@code euca-admin register-nodes} and {@code list-nodes} call): registers nodes, and reads each
 * node's state, enrolment and instances, live from the CC.
 */
final class ClusterNodes {
  /** One node's line: UP or DOWN, "enrolled" (or why not), its instances. */
  record Node(String state, String trust, int instances, java.time.Instant stateSince) {}

  /** Every node, by host:port. */
  record View(Map<String, Node> nodes) {
    int enrolledUp() {
      return (int) nodes.values().stream().filter(n -> n.state().equals("UP") && n.trust().equals("enrolled")).count();
    }

    int up() {
      return (int) nodes.values().stream().filter(n -> n.state().equals("UP")).count();
    }

    int instances() {
      return nodes.values().stream().mapToInt(Node::instances).sum();
    }

    /** The latest time a node of {@code addresses} was found in its state, as the CC recorded it (null if none says). */
    java.time.Instant lastChange(Collection<String> addresses) {
      return addresses.stream().map(nodes::get).filter(java.util.Objects::nonNull).map(Node::stateSince)
          .filter(java.util.Objects::nonNull).max(java.util.Comparator.naturalOrder()).orElse(null);
    }

    /** True when every one of {@code addresses} is listed and DOWN. */
    boolean allDown(Collection<String> addresses) {
      return addresses.stream().allMatch(a -> nodes.containsKey(a) && nodes.get(a).state().equals("DOWN"));
    }
  }

  private final Ec2QueryClient configuration;
  /** For RegisterNodes, which enrols every node of the cluster not yet enrolled before it answers: minutes. */
  private final DescribeInstancesBench.Signed registrations;
  private final String cluster;

  ClusterNodes(Ec2QueryClient configuration, DescribeInstancesBench.Signed registrations, String cluster) {
    this.configuration = configuration;
    this.registrations = registrations;
    this.cluster = cluster;
  }

  void register(List<String> addresses) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", "RegisterNodes");
    p.put("Version", "2012-05-01");
    p.put("ClusterName", cluster);
    for (int i = 0; i < addresses.size(); i++) {
      p.put("Node." + (i + 1), addresses.get(i));
    }
    registrations.send(QuerySigner.formBody(p));
  }

  View read() throws Exception {
    String resp = configuration.call("DescribeNodes", Map.of("ClusterName", cluster));
    List<String> hosts = Ec2QueryClient.elements(resp, "host");
    List<String> ports = Ec2QueryClient.elements(resp, "port");
    List<String> states = Ec2QueryClient.elements(resp, "state");
    List<String> trust = Ec2QueryClient.elements(resp, "trust");
    List<String> instances = Ec2QueryClient.elements(resp, "instances");
    List<String> since = Ec2QueryClient.elements(resp, "stateSince");
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      // Every node the CC has heard of says since when; a read before any is heard of has none.
      java.time.Instant at = since.size() == hosts.size() ? java.time.OffsetDateTime.parse(since.get(i)).toInstant() : null;
      nodes.put(hosts.get(i) + ":" + ports.get(i), new Node(states.get(i), trust.get(i),
          Integer.parseInt(instances.get(i)), at));
    }
    return new View(nodes);
  }
}
