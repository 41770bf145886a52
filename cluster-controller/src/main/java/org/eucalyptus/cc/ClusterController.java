package org.eucalyptus.cc;

import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.soap.security.SignatureCheckInInterceptor;
import org.eucalyptus.common.soap.security.SigningIdentity;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.api.ClusterControllerService;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.cc.network.NetworkSettings;
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

  private final ClusterSettings settings;
  /** How long a launch right after a start waits for the nodes' first reports. */
  static final Duration NODES_HEARD_WAIT = Duration.ofSeconds(20);
  /** Threads that read the nodes' answers and send their next calls (the work is parsing and signing). */
  private static final int FOLLOWING_THREADS = 4;
  private final java.util.Map<String, NodeMonitor> monitors = new java.util.concurrent.ConcurrentHashMap<>();
  private ExecutorService calls;
  /** The nodes' long polls and resource refreshes: a few threads for all nodes, whatever their number. */
  private org.eucalyptus.common.soap.NonBlockingCalls following;
  private org.eucalyptus.wsdl.nc.EucalyptusNCPortType followingClient;
  private ScheduledExecutorService housekeeping;
  private SoapService soap;
  private HttpServer server;
  private ClusterNetworking networking;

  /** Reads its settings from {@code conf} (and refuses a bad value there, naming the key). */
  public ClusterController(EucaConf conf) {
    this(ClusterSettings.from(conf));
  }

  public ClusterController(ClusterSettings settings) {
    this.settings = settings;
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
    SchedulingPolicy policy = SchedulingPolicy.named(settings.schedulingPolicy());
    // The cluster controller's own key and, once the cloud enrolled it, its certificate: what it signs
    // its calls to the nodes with, and what tells it whose calls to take.
    ComponentKeys keys;
    try {
      keys = ComponentKeys.open(settings.keysDir(), ComponentIdentity.CLUSTER);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    NodeRegistry nodes = NodeRegistry.fromSettings(settings.nodes(), settings.stateDir(), () -> keys.trust().map(t ->
        new SigningIdentity(t.privateKey(), t.certificate(), t.cloudCa())));
    InstanceCache cache = new InstanceCache(Clock.systemUTC(), Duration.ofSeconds(30));
    Placement placement = new Placement(nodes::all, cache, policy);
    calls = Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "cc-nc-call");
      t.setDaemon(true);
      return t;
    });
    Duration resourcePeriod = settings.periods().nodePolling();
    following = new org.eucalyptus.common.soap.NonBlockingCalls("cc-nodes", FOLLOWING_THREADS, Duration.ofSeconds(5));
    // One client for every monitor (a client's service model costs some hundreds of KiB; each call names its node).
    followingClient = following.adopt(nodes.newClient("http://127.0.0.1/"));
    for (Node n : nodes.all()) {
      monitor(n, cache, resourcePeriod);
    }
    ClusterNetworking net = openNetworking(cache, nodes);
    networking = net;
    nodes.listen(new NodeRegistry.Listener() {
      @Override
      public void added(Node n) {
        LOG.info("node {} registered", n.serviceTag());
        monitor(n, cache, resourcePeriod);
        cache.version().bump();
      }

      @Override
      public void removed(Node n) {
        LOG.info("node {} deregistered", n.serviceTag());
        NodeMonitor m = monitors.remove(n.serviceTag());
        if (m != null) {
          m.close();
        }
        net.forget(n);
        cache.version().bump();
      }
    });
    Duration retention = settings.periods().teardownRetention();
    housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cc-housekeeping");
      t.setDaemon(true);
      return t;
    });
    housekeeping.scheduleWithFixedDelay(() -> cache.purge(retention), 5, 5, TimeUnit.SECONDS);
    // Instances that ended (terminated, or reported gone by their node) leave DHCP and the model.
    housekeeping.scheduleWithFixedDelay(() -> {
      try {
        net.refresh();
      } catch (org.eucalyptus.common.exec.CommandRunner.CommandException | java.io.IOException | RuntimeException e) {
        LOG.warn("network refresh failed: {}", e.getMessage());
      }
    }, 5, 5, TimeUnit.SECONDS);
    // A launch waits for every node's first report: an id the cluster already runs is then known to it.
    java.util.function.BooleanSupplier nodesHeard = () -> monitors.values().stream()
        .allMatch(m -> m.awaitFirstAnswer(NODES_HEARD_WAIT));
    soap = SoapService.publish(PATH, new ClusterControllerService(nodes, cache, placement, calls, net, keys,
        nodesHeard, following, followingClient),
        // Once enrolled, only the cloud controller may call (it signs with the cloud CA's own key).
        List.of(new SignatureCheckInInterceptor(() -> keys.trust().map(ComponentKeys.Trust::cloudCa),
            java.util.Set.of("DescribeIdentity"),
            SignatureCheckInInterceptor.componentRoles(java.util.Set.of(ComponentIdentity.CLOUD)))));
    ClusterSettings.Server serving = settings.server();
    server = new HttpServer("cc", new InetSocketAddress(serving.bindAddr(), serving.port()),
        List.of(new HttpServer.Route(PATH, soap).withRefusals(org.eucalyptus.common.soap.SoapRefusals::answer)),
        serving.http()).start();
    LOG.info("cluster controller ready on port {} with {} node(s), policy {}", server.port(), nodes.all().size(),
        settings.schedulingPolicy());
  }

  private void monitor(Node n, InstanceCache cache, Duration resourcePeriod) {
    // A node's size or health changing moves what DescribeResources answers; wake describe waiters too.
    NodeMonitor m = new NodeMonitor(n, followingClient, following,
        cache, resourcePeriod, settings.periods().nodeTimeout(), () -> cache.version().bump());
    monitors.put(n.serviceTag(), m);
    m.start();
  }

  /**
   * The cluster's networking in its VNET_MODE, chosen here once. In MANAGED modes it is rebuilt from
   * CC_STATE_DIR at start (so a restart cuts no instance off), or from nothing after {@code cleanstart},
   * which empties that directory.
   */
  private ClusterNetworking openNetworking(InstanceCache cache, NodeRegistry nodes) {
    // CC_NETNS: the cluster's networking lives in that network namespace (its own, or a test's).
    return ClusterNetworking.open(new ClusterNetworking.Setup(settings.network(), settings.networkHost().netnsPrefix(),
        settings.stateDir(), settings.networkHost().localIp(), settings.periods().networkIdle(),
        settings.periods().nodeNetworkResend()), new CachedLiveInstances(cache), nodes);
  }

  /** The port the SOAP service listens on (useful when CC_PORT=0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (networking != null) {
      networking.close(); // stops dnsmasq; the firewall and addresses stay, so instances keep working
    }
    if (server != null) {
      server.close();
    }
    if (soap != null) {
      soap.close();
    }
    monitors.values().forEach(NodeMonitor::close);
    if (following != null) {
      following.close();
    }
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    if (calls != null) {
      calls.shutdownNow();
    }
  }
}
