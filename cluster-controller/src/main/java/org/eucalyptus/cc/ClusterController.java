package org.eucalyptus.cc;

import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.soap.security.SignatureCheckInInterceptor;
import org.eucalyptus.common.soap.security.SigningIdentity;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.api.ClusterControllerService;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeMonitor;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.cc.scheduler.Placement;
import org.eucalyptus.cc.scheduler.SchedulingPolicy;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.soap.SoapService;

/** The cluster controller's composition root: settings in, a SOAP service on CC_PORT out. */
public final class ClusterController implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ClusterController.class);
  public static final String PATH = "/axis2/services/EucalyptusCC";

  private final EucaConf conf;
  /** How long a launch right after a start waits for the nodes' first reports. */
  static final Duration NODES_HEARD_WAIT = Duration.ofSeconds(20);
  private final java.util.Map<String, NodeMonitor> monitors = new java.util.concurrent.ConcurrentHashMap<>();
  private ExecutorService calls;
  private ScheduledExecutorService housekeeping;
  private SoapService soap;
  private HttpServer server;
  private org.eucalyptus.cc.network.NetworkSettings networkSettings;
  private org.eucalyptus.cc.network.NetworkApplier applier;
  private org.eucalyptus.cc.network.ClusterNetwork network;
  private org.eucalyptus.cc.network.StaticDhcp staticDhcp;
  private org.eucalyptus.cc.nodes.NodeNetworkSync nodeNetwork;

  public ClusterController(EucaConf conf) {
    this.conf = conf;
  }

  /** Starts serving; on failure closes what it had started (threads, dnsmasq) before it throws. */
  public ClusterController start() throws InterruptedException {
    try {
      open();
      return this;
    } catch (InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() throws InterruptedException {
    SchedulingPolicy policy = SchedulingPolicy.named(conf.get("SCHEDPOLICY", "ROUNDROBIN"));
    // The cluster controller's own key and, once the cloud enrolled it, its certificate: what it signs
    // its calls to the nodes with, and what tells it whose calls to take.
    java.nio.file.Path keysDir = java.nio.file.Path.of(conf.get("CC_KEYS_DIR",
        conf.get("EUCALYPTUS", "/") + "/var/lib/eucalyptus/keys"));
    ComponentKeys keys;
    try {
      keys = ComponentKeys.open(keysDir, ComponentIdentity.CLUSTER);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    NodeRegistry nodes = NodeRegistry.fromSettings(conf, stateDir(), () -> keys.trust().map(t ->
        new SigningIdentity(t.privateKey(), t.certificate(), t.cloudCa())));
    InstanceCache cache = new InstanceCache(Clock.systemUTC(), Duration.ofSeconds(30));
    Placement placement = new Placement(nodes::all, cache, policy);
    calls = Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "cc-nc-call");
      t.setDaemon(true);
      return t;
    });
    Duration resourcePeriod = Duration.ofSeconds(conf.getLong("NC_POLLING_FREQUENCY", 6));
    for (Node n : nodes.all()) {
      monitor(nodes, n, cache, resourcePeriod);
    }
    nodes.listen(new NodeRegistry.Listener() {
      @Override
      public void added(Node n) {
        LOG.info("node {} registered", n.serviceTag());
        monitor(nodes, n, cache, resourcePeriod);
        cache.version().bump();
      }

      @Override
      public void removed(Node n) {
        LOG.info("node {} deregistered", n.serviceTag());
        NodeMonitor m = monitors.remove(n.serviceTag());
        if (m != null) {
          m.close();
        }
        if (nodeNetwork != null) {
          nodeNetwork.forget(n);
        }
        cache.version().bump();
      }
    });
    Duration retention = Duration.ofSeconds(conf.getLong("CC_TEARDOWN_RETENTION_SEC", 300));
    housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cc-housekeeping");
      t.setDaemon(true);
      return t;
    });
    housekeeping.scheduleWithFixedDelay(() -> cache.purge(retention), 5, 5, TimeUnit.SECONDS);

    network = openNetwork(cache, nodes);
    org.eucalyptus.cc.network.InstanceAddresses addresses = network == null ? null
        : new org.eucalyptus.cc.network.InstanceAddresses(applier.plan(), network, () -> instanceNics(cache));
    if (network != null) {
      nodeNetwork = new org.eucalyptus.cc.nodes.NodeNetworkSync(nodes, conf.get("VNET_LOCALIP", ""),
          Duration.ofSeconds(conf.getLong("CC_NODE_NETWORK_RESEND_SEC", 60))).start();
      network.onFilters(nodeNetwork::filters);
      // Instances that ended (terminated, or reported gone by their node) leave DHCP and the model.
      org.eucalyptus.cc.network.ClusterNetwork n = network;
      housekeeping.scheduleWithFixedDelay(() -> {
        try {
          n.refresh();
        } catch (org.eucalyptus.common.exec.CommandRunner.CommandException | java.io.IOException | RuntimeException e) {
          LOG.warn("network refresh failed: {}", e.getMessage());
        }
      }, 5, 5, TimeUnit.SECONDS);
    }
    org.eucalyptus.cc.network.StaticAddresses statics = null;
    if (networkSettings.mode() == org.eucalyptus.common.net.NetworkMode.STATIC) {
      statics = new org.eucalyptus.cc.network.StaticAddresses(networkSettings.macMap(), () -> {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (var i : cache.snapshot(List.of())) {
          if (!i.ended() && i.network() != null && i.network().privateIp() != null) {
            used.add(i.network().privateIp());
          }
        }
        return used;
      });
      try {
        staticDhcp = new org.eucalyptus.cc.network.StaticDhcp(networkSettings, java.nio.file.Path.of(conf.get(
            "CC_STATE_DIR", conf.get("EUCALYPTUS", "/") + "/var/lib/eucalyptus/CC")).resolve("static"),
            conf.get("CC_NETNS").map(ns -> List.of("ip", "netns", "exec", ns)).orElse(List.of()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("STATIC mode's DHCP server cannot start: " + e.getMessage(), e);
      }
    }
    // A launch waits for every node's first report: an id the cluster already runs is then known to it.
    java.util.function.BooleanSupplier nodesHeard = () -> monitors.values().stream()
        .allMatch(m -> m.awaitFirstAnswer(NODES_HEARD_WAIT));
    soap = SoapService.publish(PATH, new ClusterControllerService(nodes, cache, placement, calls, networkSettings,
        network, addresses, statics, nodeNetwork, keys, nodesHeard),
        // Once enrolled, only the cloud controller may call (it signs with the cloud CA's own key).
        List.of(new SignatureCheckInInterceptor(() -> keys.trust().map(ComponentKeys.Trust::cloudCa),
            java.util.Set.of("DescribeIdentity"),
            SignatureCheckInInterceptor.componentRoles(java.util.Set.of(ComponentIdentity.CLOUD)))));
    server = new HttpServer("cc", new InetSocketAddress(conf.get("CC_BIND_ADDR", "0.0.0.0"),
        conf.getInt("CC_PORT", 8774)), List.of(new HttpServer.Route(PATH, soap)
        .withRefusals(org.eucalyptus.common.soap.SoapRefusals::answer)),
        org.eucalyptus.common.http.HttpSettings.from(conf)).start();
    LOG.info("cluster controller ready on port {} with {} node(s), policy {}", server.port(), nodes.all().size(),
        conf.get("SCHEDPOLICY", "ROUNDROBIN"));
  }

  private void monitor(NodeRegistry nodes, Node n, InstanceCache cache, Duration resourcePeriod) {
    // A node's size or health changing moves what DescribeResources answers; wake describe waiters too.
    NodeMonitor m = new NodeMonitor(n, nodes.newClient(n.serviceTag()), cache, resourcePeriod,
        () -> cache.version().bump());
    monitors.put(n.serviceTag(), m);
    m.start();
  }

  private java.nio.file.Path stateDir() {
    return java.nio.file.Path.of(conf.get("CC_STATE_DIR", conf.get("EUCALYPTUS", "/") + "/var/lib/eucalyptus/CC"));
  }

  /**
   * The cluster's network in MANAGED modes: rebuilt from CC_STATE_DIR at start (so a restart cuts no
   * instance off), or from nothing after {@code cleanstart}, which empties that directory.
   */
  private org.eucalyptus.cc.network.ClusterNetwork openNetwork(InstanceCache cache, NodeRegistry nodes) {
    networkSettings = org.eucalyptus.cc.network.NetworkSettings.from(conf);
    if (!networkSettings.mode().managed()) {
      return null;
    }
    java.nio.file.Path state = stateDir();
    // CC_NETNS: the cluster's networking lives in that network namespace (its own, or a test's).
    List<String> prefix = conf.get("CC_NETNS").map(ns -> List.of("ip", "netns", "exec", ns)).orElse(List.of());
    try {
      applier = new org.eucalyptus.cc.network.NetworkApplier(networkSettings,
          new org.eucalyptus.common.exec.CommandRunner(Duration.ofSeconds(60)), prefix, state.resolve("applied"),
          conf.get("VNET_LOCALIP", ""), nodes::hosts);
      org.eucalyptus.cc.network.ClusterNetwork n = new org.eucalyptus.cc.network.ClusterNetwork(applier,
          () -> instanceNics(cache), state.resolve("network"));
      n.releaseIdleAfter(Duration.ofSeconds(conf.getLong("CC_NETWORK_IDLE_SEC", 30)));
      n.restore();
      return n;
    } catch (java.io.IOException | org.eucalyptus.common.exec.CommandRunner.CommandException e) {
      throw new IllegalStateException("the cluster's network cannot be set up: " + e.getMessage(), e);
    }
  }

  /** The live instances with an address on a group network, as the network model wants them. */
  private static List<org.eucalyptus.cc.network.NetworkModel.InstanceNic> instanceNics(InstanceCache cache) {
    List<org.eucalyptus.cc.network.NetworkModel.InstanceNic> out = new ArrayList<>();
    for (var i : cache.snapshot(List.of())) {
      var n = i.network();
      if (!i.ended() && n != null && n.privateIp() != null && !n.privateIp().isEmpty() && n.vlan() != null
          && n.privateMacAddress() != null) {
        out.add(new org.eucalyptus.cc.network.NetworkModel.InstanceNic(i.instanceId(), n.privateMacAddress(),
            n.privateIp(), n.vlan()));
      }
    }
    return out;
  }

  /** The port the SOAP service listens on (useful when CC_PORT=0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (applier != null) {
      applier.close(); // stops dnsmasq; the firewall and addresses stay, so instances keep working
    }
    if (staticDhcp != null) {
      staticDhcp.close();
    }
    if (nodeNetwork != null) {
      nodeNetwork.close();
    }
    if (server != null) {
      server.close();
    }
    if (soap != null) {
      soap.close();
    }
    monitors.values().forEach(NodeMonitor::close);
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    if (calls != null) {
      calls.shutdownNow();
    }
  }
}
