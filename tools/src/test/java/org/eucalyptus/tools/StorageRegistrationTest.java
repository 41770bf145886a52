package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the cloud knows its storage controllers and the nodes' certificates, with a real CLC, CC and
 * NC (libvirt's test driver): enrolling the cluster and its node leaves the cloud the node's
 * certificate under the service URL its cluster reports, which the SC seals CHAP secrets for; the
 * storage controllers are registered, listed and deregistered with euca_conf's 3.1 flags and with
 * euca-admin, and mistakes are one line with exit status 2 (usage) or 1 (refused by the cloud).
 */
@IntegrationTest
class StorageRegistrationTest {
  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;
  CloudMain cloud;
  String eucarc;

  @BeforeEach
  void start() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100",
        "NC_KEYS_DIR", tmp.resolve("nc-keys").toString()))).start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "CC_STATE_DIR", tmp.resolve("cc").toString(), "NC_POLLING_FREQUENCY", "1",
        "CC_KEYS_DIR", tmp.resolve("cc-keys").toString()))).start();
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString())));
    eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {cloud, cc, nc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private EucaConfTest.Run conf(String... args) {
    return EucaConfTest.confAs(eucarc, args);
  }

  /** euca-admin with the admin's eucarc: exit status, then stdout and stderr. */
  private EucaConfTest.Run admin(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--eucarc";
    all[args.length + 1] = eucarc;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream oldErr = System.err;
    int[] rc = new int[1];
    String out;
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      out = EndToEndTest.captureStdout(() -> rc[0] = EucaAdmin.run(all));
    } finally {
      System.setErr(oldErr);
    }
    return new EucaConfTest.Run(rc[0], out + err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void theEnrolledNodesCertificateIsKeptUnderTheServiceUrlItsClusterReports() throws Exception {
    assertThat(conf("--register-cluster", "--partition", "cluster01", "--host", "127.0.0.1", "--port",
        String.valueOf(cc.port())).status()).isZero();
    String node = "127.0.0.1:" + nc.port();
    assertThat(conf("--register-nodes", node).status()).isZero();
    EndToEndTest.awaitTrue("the node ENABLED", Duration.ofSeconds(30), () -> conf("--list-services").out()
        .contains("SERVICE\tnode\tcluster01\t" + node + "\tENABLED\t"));
    // The service URL the cluster reports for the node (as it reports it for the node's instances).
    String serviceTag = conf("--list-services").out().lines()
        .filter(l -> l.startsWith("SERVICE\tnode\tcluster01\t" + node + "\t")).findFirst().orElseThrow()
        .split("\t")[5];
    assertThat(serviceTag).isEqualTo("http://" + node + "/axis2/services/EucalyptusNC");

    String pem = cloud.clc().nodeCertificates().pem("cluster01", serviceTag).orElseThrow();
    assertThat(Pem.certificate(pem)).isEqualTo(Pem.readCertificate(tmp.resolve("nc-keys").resolve("node-cert.pem")));
    assertThat(cloud.clc().nodeCertificates().pem("cluster02", serviceTag)).isEmpty();
    assertThat(cloud.clc().nodeCertificates().pem("cluster01", "http://127.0.0.1:1/axis2/services/EucalyptusNC"))
        .isEmpty();
    assertThat(cloud.clc().nodeCertificates().pem("cluster01", "not a url")).isEmpty();

    // A node deregistered from its cluster: its certificate is no longer handed out.
    assertThat(conf("--deregister-nodes", node, "--partition", "cluster01").status()).isZero();
    EndToEndTest.awaitTrue("the node's certificate forgotten", Duration.ofSeconds(30),
        () -> cloud.clc().nodeCertificates().pem("cluster01", serviceTag).isEmpty());
  }

  @Test
  void storageControllersAreRegisteredListedAndDeregisteredWithEucaConfAndEucaAdmin() throws Exception {
    assertThat(conf("--register-cluster", "--partition", "cluster01", "--host", "127.0.0.1", "--port",
        String.valueOf(cc.port())).status()).isZero();
    assertThat(conf("--list-scs").out()).isEmpty();

    // Nobody serves the SC's port yet: registered, NOTREADY, and why.
    EucaConfTest.Run reg = conf("--register-sc", "--partition", "cluster01", "--host", "127.0.0.1", "--sc-port", "9",
        "--component", "sc01");
    assertThat(reg.status()).as(reg.out()).isZero();
    assertThat(reg.out()).isEqualTo("STORAGE\tsc01\tcluster01\t127.0.0.1:9\t"
        + "not enrolled yet: the storage controller does not answer\n");
    assertThat(conf("--list-scs").out()).isEqualTo("STORAGE\tsc01\tcluster01\tNOTREADY\t"
        + "http://127.0.0.1:9/services/Storage\tnot enrolled yet: the storage controller does not answer\n");
    assertThat(conf("--list-services").out()).contains("SERVICE\tstorage\tcluster01\tsc01\tNOTREADY\t"
        + "http://127.0.0.1:9/services/Storage\tnot enrolled yet: the storage controller does not answer");
    // euca-admin's names for the same: moved to another port, listed, removed by its zone.
    EucaConfTest.Run moved = admin("register-sc", "cluster01", "127.0.0.1", "--port", "19", "--name", "sc01");
    assertThat(moved.status()).as(moved.out()).isZero();
    assertThat(admin("list-scs").out()).startsWith("STORAGE\tsc01\tcluster01\tNOTREADY\thttp://127.0.0.1:19/");
    // One per zone.
    EucaConfTest.Run second = admin("register-sc", "cluster01", "127.0.0.1", "--name", "sc02");
    assertThat(second.status()).isEqualTo(1);
    assertThat(second.out()).isEqualTo("euca-admin: InvalidState: Zone cluster01 already has storage controller"
        + " sc01; deregister it first.\n");
    // A cluster with a storage controller stays.
    EucaConfTest.Run cluster = conf("--deregister-cluster", "--partition", "cluster01");
    assertThat(cluster.status()).isEqualTo(1);
    assertThat(cluster.out()).contains("still has storage controller sc01");
    assertThat(admin("deregister-sc", "--partition", "cluster01").out()).isEqualTo("DEREGISTERED\tcluster01\n");
    assertThat(admin("list-scs").out()).isEmpty();

    assertThat(conf("--register-sc", "--partition", "cluster01", "--host", "127.0.0.1", "--port", "9").out())
        .startsWith("STORAGE\tcluster01\tcluster01\t127.0.0.1:9\t");
    assertThat(conf("--deregister-sc", "--component", "cluster01").status()).isZero();
    assertThat(conf("--list-scs").out()).isEmpty();

    // Mistakes: usage (2) or refused by the cloud (1), one line each, no stack trace.
    EucaConfTest.Run noHost = conf("--register-sc", "--partition", "cluster01");
    assertThat(noHost.status()).isEqualTo(2);
    assertThat(noHost.out()).isEqualTo("euca_conf: --register-sc needs --partition ZONE and --host HOST\n");
    EucaConfTest.Run noZone = conf("--deregister-sc");
    assertThat(noZone.status()).isEqualTo(2);
    assertThat(noZone.out()).isEqualTo("euca_conf: --deregister-sc needs --partition ZONE (or --component NAME)\n");
    EucaConfTest.Run unknownZone = conf("--register-sc", "--partition", "nowhere", "--host", "127.0.0.1");
    assertThat(unknownZone.status()).isEqualTo(1);
    assertThat(unknownZone.out()).isEqualTo("euca-admin: InvalidParameterValue: No cluster nowhere is registered:"
        + " register the zone as a cluster first.\n");
    EucaConfTest.Run badPort = conf("--register-sc", "--partition", "cluster01", "--host", "127.0.0.1", "--port",
        "0");
    assertThat(badPort.status()).isEqualTo(1);
    assertThat(badPort.out()).contains("port is 1-65535, not 0").doesNotContain("Exception");
    EucaConfTest.Run unknownSc = admin("deregister-sc", "sc09");
    assertThat(unknownSc.status()).isEqualTo(1);
    assertThat(unknownSc.out()).contains("No storage controller sc09 is registered.");
    EucaConfTest.Run both = admin("deregister-sc", "sc01", "--partition", "cluster01");
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.out()).contains("Name the storage controller, or its zone with --partition (one of them).");
    assertThat(admin("register-sc", "cluster01", "127.0.0.1", "--port", "x").status()).isEqualTo(2);
  }
}
