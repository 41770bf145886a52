package org.eucalyptus.nc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.soap.security.SignatureCheckInInterceptor;
import java.util.Set;
import org.eucalyptus.common.soap.SoapService;
import org.eucalyptus.nc.api.NodeControllerService;
import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.nc.hypervisor.LibvirtHypervisor;
import org.eucalyptus.nc.hypervisor.NodeCapacity;
import org.eucalyptus.nc.instances.InstanceLauncher;
import org.eucalyptus.nc.instances.InstanceMonitor;
import org.eucalyptus.nc.instances.InstanceTable;

/** The node controller's composition root: settings in, a SOAP service on NC_PORT out. */
public final class NodeController implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(NodeController.class);

  private final NodeSettings settings;
  /** Threads, CXF bus and timer shared with other node controllers in this process; null: its own. */
  private final SharedNodeRuntime shared;
  private Hypervisor hypervisor;
  private org.eucalyptus.nc.images.ImageFetcher fetcher;
  private InstanceLauncher launcher;
  private InstanceMonitor monitor;
  private org.eucalyptus.nc.instances.GracefulStops gracefulStops;
  private org.eucalyptus.nc.instances.InstanceVolumes volumes;
  private SoapService soap;
  private HttpServer server;
  private ComponentKeys keys;

  /** Reads its settings from {@code conf} (and refuses a bad value there, naming the key). */
  public NodeController(EucaConf conf) {
    this(NodeSettings.from(conf));
  }

  public NodeController(NodeSettings settings) {
    this.settings = settings;
    this.shared = null;
  }

  /** One of many node controllers in this process (the node simulator), running on {@code shared}. */
  public NodeController(NodeSettings settings, SharedNodeRuntime shared) {
    this.settings = settings;
    this.shared = shared;
  }

  /**
   * Makes the node's key pair now if it has none yet (once started). A node made it on the cloud's
   * first ncDescribeIdentity otherwise: 2048-bit RSA is 0.1-1 s of CPU, and at enrolment a cloud asks
   * all its new nodes at once. A node controller makes it right after it starts, as a host's install
   * would; a call that asks meanwhile waits for it.
   */
  public void makeKey() throws IOException {
    if (keys == null) {
      throw new IllegalStateException("the node controller has not started");
    }
    keys.publicKey();
  }

  /** Connects to the hypervisor and starts serving; on failure releases what it had opened. */
  public NodeController start() throws HypervisorException, IOException, InterruptedException {
    try {
      open();
      return this;
    } catch (HypervisorException | IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() throws HypervisorException, IOException, InterruptedException {
    // Unset or "auto": kvm where it works, else qemu (TCG); eucalyptus.conf may name one.
    String type = settings.hypervisor().type();
    if (type.equals("auto")) {
      type = org.eucalyptus.nc.hypervisor.HypervisorChoice.detect();
    }
    String uri = settings.hypervisor().uriFor(type);
    NodeSettings.Storage storage = settings.storage();
    Path instancePath = storage.instancePath();
    Path workRoot = instancePath.resolve("work");
    Files.createDirectories(workRoot);

    if (uri.startsWith("qemu:///embed")) {
      EmbeddedQemuConf.ensure(uri);
    }
    hypervisor = new LibvirtHypervisor(uri);
    NodeCapacity cap = hypervisor.capacity();
    if (!type.equals("test")) {
      prepareInBackground(hypervisor);
    }
    NodeSettings.Capacity max = settings.capacity();
    int cores = positive(max.maxCores(), cap.cores());
    int memory = positive(max.maxMemMb(), cap.memoryMb());
    int disk = positive(max.maxDiskGb(), (int) (Files.getFileStore(workRoot).getUsableSpace() >> 30));
    InstanceTable table = new InstanceTable(Clock.systemUTC(), cores, memory, disk);
    ComponentKeys keys = ComponentKeys.open(settings.keysDir(), ComponentIdentity.NODE);
    this.keys = keys;
    fetcher = new org.eucalyptus.nc.images.ImageFetcher(() -> keys.trust().map(t ->
        new org.eucalyptus.nc.images.NodeCredentials(t.certificate(), t.privateKey())).orElse(null), Clock.systemUTC());
    org.eucalyptus.nc.images.ImageCache cache = new org.eucalyptus.nc.images.ImageCache(instancePath.resolve("cache"),
        storage.cacheSizeMb() << 20, fetcher, storage.concurrentDiskOps(), Clock.systemUTC());
    cache.protect(table::imagesInUse);
    org.eucalyptus.common.exec.CommandRunner commands = new org.eucalyptus.common.exec.CommandRunner(
        storage.diskCommandTimeout());
    NodeSettings.Network net = settings.network();
    // NC_NETNS: the node's networking lives in that network namespace (a test's simulated host).
    org.eucalyptus.nc.network.NodeNetwork network = new org.eucalyptus.nc.network.NodeNetwork(net.mode(),
        net.bridge(), net.pubInterface(), net.vxlan(), net.localIp(), commands, net.netnsPrefix());
    org.eucalyptus.nc.instances.InstanceVolumes.Passwords passwords = sealed -> org.eucalyptus.common.pki.SealedSecrets
        .open(sealed, keys.privateKey().orElseThrow(() ->
            new java.security.GeneralSecurityException("this node has no key yet")));
    // NC_ISCSI_MODE: QEMU's own initiator, or the host's kernel through iscsiadm
    org.eucalyptus.nc.iscsi.VolumeInitiator initiator = settings.iscsiMode() == NodeSettings.IscsiMode.HOST
        ? new org.eucalyptus.nc.iscsi.HostInitiator(new org.eucalyptus.nc.iscsi.Iscsiadm(
            new org.eucalyptus.common.exec.CommandRunner(java.time.Duration.ofSeconds(60))),
            Path.of("/dev/disk/by-path"), java.time.Duration.ofSeconds(30))
        : new org.eucalyptus.nc.iscsi.QemuInitiator();
    volumes = new org.eucalyptus.nc.instances.InstanceVolumes(table, hypervisor, passwords, initiator,
        settings.volumeDetachWait());
    launcher = new InstanceLauncher(table, hypervisor, type, storage.concurrentLaunches(), cache,
        new org.eucalyptus.nc.instances.InstanceDisks(commands), network, passwords, initiator);
    adopt(workRoot, table);
    monitor = shared == null ? new InstanceMonitor(table, hypervisor, launcher, settings.teardownRetention())
        : new InstanceMonitor(table, hypervisor, launcher, settings.teardownRetention(), shared.timer());
    monitor.start(settings.monitorPeriod());
    gracefulStops = new org.eucalyptus.nc.instances.GracefulStops(table, hypervisor, launcher, settings.shutdownGrace());

    NodeSettings.Server serving = settings.server();
    String path = serving.path();
    NodeControllerService service = new NodeControllerService(table, launcher, hypervisor, workRoot, network,
        commands, settings.powerdownCommand(), keys, volumes, gracefulStops);
    // Once enrolled, only the cloud's cluster controllers (and the cloud controller) may call.
    List<SignatureCheckInInterceptor> signatures = List.of(new SignatureCheckInInterceptor(
        () -> keys.trust().map(ComponentKeys.Trust::cloudCa), Set.of("ncDescribeIdentity"),
        SignatureCheckInInterceptor.componentRoles(Set.of(ComponentIdentity.CLUSTER, ComponentIdentity.CLOUD))));
    soap = shared == null ? SoapService.publish(path, service, signatures)
        : SoapService.publish(path, service, signatures, shared.bus());
    InetSocketAddress bind = new InetSocketAddress(serving.bindAddr(), serving.port());
    List<HttpServer.Route> routes =
        List.of(new HttpServer.Route(path, soap).withRefusals(org.eucalyptus.common.soap.SoapRefusals::answer));
    server = (shared == null ? new HttpServer("nc", bind, routes, serving.http())
        : new HttpServer("nc", bind, routes, serving.http(), shared.http())).start();
    LOG.info("node controller ready on port {}: {} via {}, {} cores, {} MB, {} GB", server.port(), type, uri,
        cores, memory, disk);
  }

  /**
   * After a restart: every instance with a record in the work directory is taken back, running if
   * its domain still runs, launched again if its domain was never started (the node stopped during
   * its launch, after acknowledging it), torn down (and its files removed) if its guest ended meanwhile.
   */
  /**
   * libvirt probes QEMU's capabilities at the first domain it starts (about 2 s on the test machines,
   * then cached under its root): done here, as the node starts, a node's first instance does not wait.
   */
  private static void prepareInBackground(Hypervisor h) {
    Thread t = new Thread(() -> {
      long t0 = System.nanoTime();
      try {
        h.prepare();
        LOG.info("the hypervisor's capabilities are known ({} ms)", (System.nanoTime() - t0) / 1_000_000);
      } catch (HypervisorException | RuntimeException e) {
        LOG.warn("could not read the hypervisor's capabilities ahead of the first launch: {}", e.getMessage());
      }
    }, "nc-hypervisor-prepare");
    t.setDaemon(true);
    t.start();
  }

  private void adopt(Path workRoot, InstanceTable table) throws IOException, HypervisorException {
    java.util.Set<String> running = new java.util.HashSet<>(hypervisor.listDomains());
    try (java.util.stream.Stream<Path> accounts = Files.list(workRoot)) {
      for (Path account : accounts.filter(Files::isDirectory).toList()) {
        try (java.util.stream.Stream<Path> dirs = Files.list(account)) {
          for (Path dir : dirs.filter(Files::isDirectory).toList()) {
            org.eucalyptus.nc.instances.InstanceCheckpoint.Saved saved =
                org.eucalyptus.nc.instances.InstanceCheckpoint.read(dir);
            if (saved == null) {
              continue;
            }
            String id = saved.request().instanceId();
            boolean alive = running.contains(id) && hypervisor.state(id).alive();
            if (!alive && saved.launching()) {
              try {
                launcher.launch(table.admit(saved.request(), dir));
                LOG.info("instance {} was being launched when the node controller stopped: launching it again", id);
                continue;
              } catch (InstanceTable.AdmissionException e) {
                LOG.warn("instance {} cannot be launched again: {}", id, e.getMessage());
              }
            }
            var inst = table.adopt(saved.request(), dir, saved.launchTime(), saved.images(), saved.volumes(), alive,
                "the guest ended while the node controller was down");
            if (alive) {
              LOG.info("adopted running instance {}", id);
              volumes.readopt(inst); // what the guest should have and its domain lacks
            } else {
              LOG.info("instance {} ended while the node controller was down", id);
              launcher.cleanUp(inst);
            }
          }
        }
      }
    }
  }

  private static int positive(int configured, int detected) {
    return configured > 0 ? configured : detected;
  }

  /** The port the SOAP service listens on (useful when NC_PORT=0). */
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
    if (gracefulStops != null) {
      gracefulStops.close();
    }
    if (monitor != null) {
      monitor.close();
    }
    if (launcher != null) {
      launcher.close();
    }
    if (fetcher != null) {
      fetcher.close();
    }
    if (hypervisor != null) {
      hypervisor.close();
    }
  }
}
