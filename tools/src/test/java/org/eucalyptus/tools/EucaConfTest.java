package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaConfCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * euca_conf's flags against a running cloud: a cloud controller that starts with no cluster gets
 * one registered, then a node; the service listing follows each component's state (a node that
 * stops answering shows NOTREADY, with why); deregistering undoes it all; Walrus registered on a
 * host of its own is what the listing checks. Mistakes are one line
 * and exit status 2. A real CLC, CC and NC (libvirt's test driver).
 */
@IntegrationTest
class EucaConfTest {
  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;
  CloudMain cloud;
  String eucarc;

  @BeforeEach
  void start() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100"))
        .with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString())).start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "CC_STATE_DIR", tmp.resolve("cc").toString(), "NC_POLLING_FREQUENCY", "1"))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString())).start();
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

  /** Runs euca_conf with the admin's eucarc: exit status, then stdout and stderr. */
  record Run(int status, String out) {}

  Run conf(String... args) {
    return confAs(eucarc, args);
  }

  /** euca_conf with the given administrator's eucarc. */
  static Run confAs(String eucarc, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--eucarc", eucarc));
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream oldErr = System.err;
    int[] rc = new int[1];
    String out;
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      out = EndToEndTest.captureStdout(() -> rc[0] = EucaConfCommand.run(all.toArray(String[]::new)));
    } finally {
      System.setErr(oldErr);
    }
    return new Run(rc[0], out + err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  void await(String what, java.util.function.BooleanSupplier done) throws Exception {
    EndToEndTest.awaitTrue(what, Duration.ofSeconds(30), done);
  }

  @Test
  void clustersAndNodesAreRegisteredListedAndDeregisteredWithEucaConfsFlags() throws Exception {
    Run services = conf("--list-services");
    assertThat(services.status()).isZero();
    assertThat(services.out()).containsPattern("SERVICE\teucalyptus\teucalyptus\t127.0.0.1:\\d+\tENABLED\t\\S+\tleader")
        .contains("SERVICE\twalrus\twalrus\twalrus\tENABLED").doesNotContain("\tcluster\t");
    assertThat(conf("--list-walruses").out().strip()).startsWith("SERVICE\twalrus\t").doesNotContain("eucalyptus\t");

    Run reg = conf("--register-cluster", "--partition", "cluster01", "--host", "127.0.0.1", "--port",
        String.valueOf(cc.port()));
    assertThat(reg.status()).as(reg.out()).isZero();
    assertThat(reg.out()).isEqualTo("CLUSTER\tcluster01\t127.0.0.1:" + cc.port() + "\n");
    await("the cluster ENABLED", () -> conf("--list-clusters").out().startsWith("CLUSTER\tcluster01\tENABLED\t"));

    // With one cluster, nodes need no --partition.
    String node = "127.0.0.1:" + nc.port();
    Run nodes = conf("--register-nodes", node);
    assertThat(nodes.status()).as(nodes.out()).isZero();
    await("the node ENABLED in the services", () -> conf("--list-services").out()
        .contains("SERVICE\tnode\tcluster01\t" + node + "\tENABLED\t"));
    assertThat(conf("--list-nodes").out()).startsWith("NODE\tcluster01\t" + node + "\tUP\tregistered\t");

    // A node that stops answering is NOTREADY, and the listing says why.
    nc.close();
    nc = null;
    await("the node NOTREADY", () -> conf("--list-services").out()
        .contains("SERVICE\tnode\tcluster01\t" + node + "\tNOTREADY\t"));
    assertThat(conf("--list-services").out()).contains("stopped answering");

    assertThat(conf("--deregister-nodes", node, "--partition", "cluster01").status()).isZero();
    assertThat(conf("--list-nodes").out()).doesNotContain("NODE");
    assertThat(conf("--deregister-cluster", "--partition", "cluster01").status()).isZero();
    assertThat(conf("--list-clusters").out()).isEmpty();

    // A cluster nobody answers for is NOTREADY, with the reason.
    assertThat(conf("--register-cluster", "--partition", "far", "--host", "127.0.0.1", "--port", "9").status()).isZero();
    await("the unreachable cluster listed", () -> conf("--list-clusters").out().contains("CLUSTER\tfar\tNOTREADY\t"));
    assertThat(conf("--list-clusters").out()).contains("does not answer");

    // Mistakes: one line, exit status 2 (usage) or 1 (refused by the cloud).
    Run noHost = conf("--register-cluster", "--partition", "x");
    assertThat(noHost.status()).isEqualTo(2);
    assertThat(noHost.out()).isEqualTo("euca_conf: --register-cluster needs --partition NAME and --host HOST\n");
    assertThat(conf("--register-walrus").status()).isEqualTo(2);

    // Walrus registered on a host of its own: nobody there yet, then this cloud's own port again.
    Run walrus = conf("--register-walrus", "--host", "127.0.0.1", "--port", "9");
    assertThat(walrus.out()).isEqualTo("WALRUS\thttp://127.0.0.1:9/services/Walrus\n");
    assertThat(conf("--list-walruses").out()).startsWith("SERVICE\twalrus\twalrus\twalrus\tNOTREADY\t"
        + "http://127.0.0.1:9/services/Walrus\tWalrus does not answer");
    assertThat(conf("--register-walrus", "--host", "127.0.0.1", "--port", String.valueOf(cloud.port())).status())
        .isZero();
    assertThat(conf("--list-walruses").out()).startsWith("SERVICE\twalrus\twalrus\twalrus\tENABLED\thttp://127.0.0.1:"
        + cloud.port() + "/services/Walrus");
    assertThat(conf("--list-clusters", "--list-nodes").status()).isEqualTo(2);
    Run badHost = conf("--register-cluster", "--partition", "bad", "--host", "not a host");
    assertThat(badHost.status()).isEqualTo(1);
    assertThat(badHost.out()).startsWith("euca-admin: InvalidParameterValue").doesNotContain("Exception");
  }
}
