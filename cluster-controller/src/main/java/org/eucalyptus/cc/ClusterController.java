package org.eucalyptus.cc;

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
  private final List<NodeMonitor> monitors = new ArrayList<>();
  private ExecutorService calls;
  private ScheduledExecutorService housekeeping;
  private SoapService soap;
  private HttpServer server;

  public ClusterController(EucaConf conf) {
    this.conf = conf;
  }

  public ClusterController start() throws InterruptedException {
    SchedulingPolicy policy = SchedulingPolicy.named(conf.get("SCHEDPOLICY", "ROUNDROBIN"));
    NodeRegistry nodes = NodeRegistry.fromSettings(conf);
    InstanceCache cache = new InstanceCache(Clock.systemUTC(), Duration.ofSeconds(30));
    Placement placement = new Placement(nodes.all(), cache, policy);
    calls = Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "cc-nc-call");
      t.setDaemon(true);
      return t;
    });
    Duration resourcePeriod = Duration.ofSeconds(conf.getLong("NC_POLLING_FREQUENCY", 6));
    for (Node n : nodes.all()) {
      // A node's size or health changing moves what DescribeResources answers; wake describe waiters too.
      NodeMonitor m = new NodeMonitor(n, cache, resourcePeriod, () -> cache.version().bump());
      monitors.add(m);
      m.start();
    }
    Duration retention = Duration.ofSeconds(conf.getLong("CC_TEARDOWN_RETENTION_SEC", 300));
    housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cc-housekeeping");
      t.setDaemon(true);
      return t;
    });
    housekeeping.scheduleWithFixedDelay(() -> cache.purge(retention), 5, 5, TimeUnit.SECONDS);

    soap = SoapService.publish(PATH, new ClusterControllerService(nodes, cache, placement, calls));
    server = new HttpServer("cc", new InetSocketAddress(conf.get("CC_BIND_ADDR", "0.0.0.0"),
        conf.getInt("CC_PORT", 8774)), List.of(new HttpServer.Route(PATH, soap))).start();
    LOG.info("cluster controller ready on port {} with {} node(s), policy {}", server.port(), nodes.all().size(),
        conf.get("SCHEDPOLICY", "ROUNDROBIN"));
    return this;
  }

  /** The port the SOAP service listens on (useful when CC_PORT=0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (soap != null) {
      soap.close();
    }
    monitors.forEach(NodeMonitor::close);
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    if (calls != null) {
      calls.shutdownNow();
    }
  }
}
