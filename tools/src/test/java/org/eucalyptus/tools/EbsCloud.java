package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.sc.StorageController;
import org.eucalyptus.testfixtures.HostParts;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The small cloud with EBS the end-to-end tests run against, all in this JVM: a cloud controller
 * with Walrus, and per zone a cluster controller and a storage controller with its own tgtd (on the
 * test class's own control port and iSCSI portal, so test classes never share one), optionally a
 * node controller on libvirt's test driver in the first zone's cluster, and an AWS SDK EC2 client
 * as the cloud's admin. {@link #close()} tears it all down (tgtd goes with its SC).
 *
 * <p>Files are kept under the test's directory: {@code clc}, {@code nc}, {@code nc-keys}, and per
 * zone {@code cc}, {@code cc-keys}, {@code sc}, {@code sc-keys}, with the zone's index appended
 * where there is more than one zone ({@code sc0}, {@code sc1}, ...).
 */
final class EbsCloud implements AutoCloseable {
  /** A zone: its name, and its storage controller's tgtd control port and iSCSI portal port. */
  record Zone(String name, int tgtControlPort, int iscsiPort) {}

  /** Where a zone without a cluster controller says its cluster is: a port nobody answers at (discard). */
  private static final String NO_CLUSTER = "127.0.0.1:9";

  private final Path dir;
  private final List<Zone> zones;
  private final List<ClusterController> ccs = new ArrayList<>();
  private final List<StorageController> scs = new ArrayList<>();
  private final Map<String, String> storageSettings;
  private NodeController nc;
  private CloudMain cloud;
  private Ec2Client ec2;

  private EbsCloud(Path dir, List<Zone> zones, Map<String, String> storageSettings) {
    this.dir = dir;
    this.zones = List.copyOf(zones);
    this.storageSettings = Map.copyOf(storageSettings);
  }

  /** A cloud whose files are kept under {@code dir}. */
  static Builder in(Path dir) {
    return new Builder(dir);
  }

  static final class Builder {
    private final Path dir;
    private final List<Zone> zones = new ArrayList<>();
    private boolean node;
    private boolean clusters = true;
    private boolean registered;
    private boolean storageRegistered;
    private boolean retries = true;
    private final Map<String, String> storageSettings = new java.util.HashMap<>();

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** A zone with a cluster controller and a storage controller whose tgtd takes these ports. */
    Builder zone(String name, int tgtControlPort, int iscsiPort) {
      zones.add(new Zone(name, tgtControlPort, iscsiPort));
      return this;
    }

    /** A node controller (libvirt's test driver) in the first zone's cluster. */
    Builder withNode() {
      node = true;
      return this;
    }

    /** Storage controllers only: the zones' cluster addresses answer nothing. */
    Builder withoutClusterControllers() {
      clusters = false;
      return this;
    }

    /**
     * The cloud set up as an operator would have it: the clusters (and the node) given at start,
     * each storage controller registered with euca_conf, and the cluster and node enrolled before
     * {@link #start()} returns. Without this the parts only run, for the test to register.
     */
    Builder registered() {
      registered = true;
      storageRegistered = true;
      return this;
    }

    /** As {@link #registered()}, but no storage controller is registered: the test registers them. */
    Builder registeredClustersOnly() {
      registered = true;
      storageRegistered = false;
      return this;
    }

    /** The EC2 client makes one request per call, so an error is seen as the cloud answered it. */
    Builder withoutRetries() {
      retries = false;
      return this;
    }

    /** A setting every storage controller of the cloud gets (eucalyptus.conf's SC_ keys). */
    Builder withStorageSetting(String key, String value) {
      storageSettings.put(key, value);
      return this;
    }

    /** Starts it all (skipping the test where root, tgt or libvirt is missing, as HostParts says). */
    EbsCloud start() throws Exception {
      HostParts.requireRootAnd("tgtd", "tgtadm");
      if (node) {
        Libvirt.requireOrSkip();
      }
      EbsCloud c = new EbsCloud(dir, zones, storageSettings);
      try {
        c.startParts(node, clusters, registered, storageRegistered, retries);
      } catch (Exception | Error e) {
        c.close();
        throw e;
      }
      return c;
    }
  }

  private void startParts(boolean node, boolean clusters, boolean registered, boolean storageRegistered,
      boolean retries) throws Exception {
    if (node) {
      nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
          "INSTANCE_PATH", file("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100",
          "NC_KEYS_DIR", file("nc-keys").toString()))).start();
    }
    if (clusters) {
      for (int i = 0; i < zones.size(); i++) {
        EucaConf conf = EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
            "CC_STATE_DIR", zoneFile("cc", i).toString(), "NC_POLLING_FREQUENCY", "1",
            "CC_KEYS_DIR", zoneFile("cc-keys", i).toString()));
        if (registered && nc != null && i == 0) {
          conf = conf.with("NODES", "127.0.0.1:" + nc.port());
        }
        ccs.add(new ClusterController(conf).start());
      }
    }
    EucaConf clcConf = EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", file("clc").toString()));
    if (registered) {
      clcConf = clcConf.with("CLC_CLUSTERS", clusterList());
    }
    cloud = new CloudMain(clcConf);
    for (int i = 0; i < zones.size(); i++) {
      Zone z = zones.get(i);
      scs.add(new StorageController(EucaConf.of(Map.of("SC_PORT", "0", "SC_BIND_ADDR", "127.0.0.1",
          "SC_VOLUMES_DIR", zoneFile("sc", i).toString(), "SC_KEYS_DIR", zoneFile("sc-keys", i).toString(),
          "SC_ISCSI_PORTAL", "127.0.0.1:" + z.iscsiPort(), "SC_TGT_CONTROL_PORT", String.valueOf(z.tgtControlPort()),
          "SC_START_TGTD", "Y", "WALRUS_URL", "http://127.0.0.1:" + cloud.port() + "/services/Walrus"))
          .with(storageSettings)).start());
    }
    ec2 = EndToEndTest.ec2At(cloud.port(), cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey(),
        retries);
    if (storageRegistered) {
      registerStorageControllers();
    }
    if (registered) {
      awaitEnrolled();
    }
  }

  private String clusterList() {
    List<String> clusters = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      clusters.add(zones.get(i).name() + "=" + (ccs.isEmpty() ? NO_CLUSTER : "127.0.0.1:" + ccs.get(i).port()));
    }
    return clusters.stream().collect(Collectors.joining(","));
  }

  private void registerStorageControllers() {
    for (int i = 0; i < zones.size(); i++) {
      EucaConfTest.Run reg = EucaConfTest.confAs(eucarc(), "--register-sc", "--partition", zones.get(i).name(),
          "--host", "127.0.0.1", "--port", String.valueOf(scs.get(i).port()), "--component", "sc" + (i + 1));
      assertThat(reg.status()).as(reg.out()).isZero();
    }
  }

  private void awaitEnrolled() throws Exception {
    for (int i = 0; i < ccs.size(); i++) {
      Path cert = zoneFile("cc-keys", i).resolve("cluster-cert.pem");
      EndToEndTest.awaitTrue("the cluster of " + zones.get(i).name() + " enrolled", Duration.ofSeconds(60),
          () -> Files.exists(cert));
    }
    if (nc != null) {
      EndToEndTest.awaitTrue("the node enrolled", Duration.ofSeconds(60),
          () -> Files.exists(file("nc-keys").resolve("node-cert.pem")));
    }
  }

  private Path file(String name) {
    return dir.resolve(name);
  }

  private Path zoneFile(String name, int zone) {
    return dir.resolve(zones.size() == 1 ? name : name + zone);
  }

  CloudMain cloud() {
    return cloud;
  }

  /** The cloud's admin's EC2 client. */
  Ec2Client ec2() {
    return ec2;
  }

  /** An EC2 client of this cloud as another user (the caller closes it). */
  Ec2Client ec2(String accessKey, String secret) {
    return EndToEndTest.ec2At(cloud.port(), accessKey, secret);
  }

  /** The cloud's eucarc, for euca-admin and euca_conf. */
  String eucarc() {
    return cloud.clc().dataDir().resolve("eucarc").toString();
  }

  NodeController nc() {
    return nc;
  }

  ClusterController cc(int zone) {
    return ccs.get(zone);
  }

  StorageController sc(int zone) {
    return scs.get(zone);
  }

  /** The zones' cluster controllers (none where the cloud was built without). */
  List<ClusterController> clusterControllers() {
    return List.copyOf(ccs);
  }

  /** The first (or only) zone's cluster controller. */
  ClusterController cc() {
    return cc(0);
  }

  /** The first (or only) zone's storage controller. */
  StorageController sc() {
    return sc(0);
  }

  /** A zone's SC_VOLUMES_DIR. */
  Path volumesDir(int zone) {
    return zoneFile("sc", zone);
  }

  @Override
  public void close() {
    List<AutoCloseable> parts = new ArrayList<>();
    parts.add(ec2);
    parts.add(cloud);
    parts.addAll(scs);
    parts.addAll(ccs);
    parts.add(nc);
    for (AutoCloseable part : parts) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }
}
