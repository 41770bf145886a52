package org.eucalyptus.cc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.cc.network.NetworkSettings;
import org.eucalyptus.cc.scheduler.SchedulingPolicy;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpSettings;

/**
 * Everything a cluster controller takes from eucalyptus.conf, read and checked once at start: a bad
 * value is refused there (or by the preflight) with a sentence naming its key.
 *
 * @param stateDir CC_STATE_DIR: the network state a restart rebuilds, and the nodes registered at run time
 * @param keysDir CC_KEYS_DIR: the cluster controller's key and, once enrolled, its certificate
 * @param schedulingPolicy SCHEDPOLICY: GREEDY, ROUNDROBIN or POWERSAVE (checked)
 * @param network the VNET_* keys: the cluster's network as the network code uses it
 * @param networkHost where that network lives on this host
 */
public record ClusterSettings(Server server, Nodes nodes, Path stateDir, Path keysDir, String schedulingPolicy,
    Periods periods, NetworkSettings network, NetworkHost networkHost) {

  /** Where the SOAP service listens: CC_BIND_ADDR, CC_PORT (0: any free port). */
  public record Server(String bindAddr, int port, HttpSettings http) {}

  /**
   * The node controllers: NODES ("host[:port] ..."), called at NC_PORT and NC_SERVICE unless an entry
   * says otherwise.
   *
   * @param service NC_SERVICE, without a leading slash
   */
  public record Nodes(List<String> entries, int defaultPort, String service) {
    public Nodes {
      entries = List.copyOf(entries);
    }

    public static Nodes from(EucaConf conf) {
      List<String> entries = java.util.Arrays.stream(conf.get("NODES", "").trim().split("\\s+"))
          .filter(e -> !e.isEmpty()).toList();
      return new Nodes(entries, conf.port("NC_PORT", 8775),
          conf.get("NC_SERVICE", "axis2/services/EucalyptusNC").replaceAll("^/+", ""));
    }
  }

  /**
   * @param nodePolling NC_POLLING_FREQUENCY: between resource refreshes from each node
   * @param teardownRetention CC_TEARDOWN_RETENTION_SEC: terminated instances are still reported this long
   * @param nodeNetworkResend CC_NODE_NETWORK_RESEND_SEC: the group filters are sent to every node this often
   * @param networkIdle CC_NETWORK_IDLE_SEC: a group's network stops this long after its last instance ended
   * @param nodeTimeout CC_NODE_TIMEOUT_SEC: a node that leaves a call unanswered this long is DOWN
   */
  public record Periods(Duration nodePolling, Duration teardownRetention, Duration nodeNetworkResend,
      Duration networkIdle, Duration nodeTimeout) {}

  /**
   * @param localIp VNET_LOCALIP: this host's address toward the nodes (the far end of their VXLAN
   *     segments); empty if unset
   * @param netnsPrefix CC_NETNS as a command prefix: the cluster's networking lives in that namespace
   */
  public record NetworkHost(String localIp, List<String> netnsPrefix) {
    public NetworkHost {
      netnsPrefix = List.copyOf(netnsPrefix);
    }
  }

  /** Reads the cluster controller's keys; throws IllegalArgumentException naming the first bad one. */
  public static ClusterSettings from(EucaConf conf) {
    String policy = conf.get("SCHEDPOLICY", "ROUNDROBIN");
    SchedulingPolicy.named(policy); // refuses an unknown name, naming SCHEDPOLICY
    conf.oneOf("VNET_SEGMENT", "vlan", List.of("vlan", "vxlan")); // as the nodes read it (NetworkSettings.vxlan)
    return new ClusterSettings(
        new Server(conf.get("CC_BIND_ADDR", "0.0.0.0"), conf.port("CC_PORT", 8774), HttpSettings.from(conf)),
        Nodes.from(conf),
        conf.path("CC_STATE_DIR", conf.home() + "/var/lib/eucalyptus/CC"),
        conf.path("CC_KEYS_DIR", conf.home() + "/var/lib/eucalyptus/keys"),
        policy,
        new Periods(conf.seconds("NC_POLLING_FREQUENCY", 6, 1), conf.seconds("CC_TEARDOWN_RETENTION_SEC", 300, 0),
            conf.seconds("CC_NODE_NETWORK_RESEND_SEC", 60, 1), conf.seconds("CC_NETWORK_IDLE_SEC", 30, 0),
            conf.seconds("CC_NODE_TIMEOUT_SEC", 15, 2)),
        NetworkSettings.from(conf),
        new NetworkHost(conf.get("VNET_LOCALIP", ""), conf.netnsPrefix("CC_NETNS")));
  }
}
