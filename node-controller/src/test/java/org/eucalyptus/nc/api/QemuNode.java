package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.TestTgtd;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.InstanceType;

/**
 * The setup the node controller's tests with real QEMU guests share: a node controller on libvirt's
 * embedded QEMU driver with its files (instances, keys) under the test's directory, its SOAP client,
 * a guest's console, and the end of every QEMU of that directory (embedded guests outlive the NC).
 */
final class QemuNode {
  private QemuNode() {}

  /** The node's key pair under {@code dir/keys}, made now if it is not there (the SC seals for it). */
  static ComponentKeys keys(Path dir) throws Exception {
    ComponentKeys keys = ComponentKeys.open(dir.resolve("keys"), ComponentIdentity.NODE);
    keys.publicKey(); // the key pair made before the node reads it
    return keys;
  }

  /**
   * A tgtd of the test's own (its log {@code dir/tgtd.log}) exporting {@code volume} as target 1,
   * LUN 1, with the CHAP login the storage controller makes per attachment (without it tgt refuses
   * the initiator).
   */
  static TestTgtd exportWithChap(Path dir, int controlPort, int iscsiPort, String iqn, Path volume,
      TestTgtd.Chap chap) throws Exception {
    TestTgtd tgtd = TestTgtd.start(controlPort, iscsiPort, dir.resolve("tgtd.log"));
    try {
      tgtd.export(1, iqn, volume, Optional.of(chap));
      assertThat(tgtd.show()).contains(iqn, chap.user());
      return tgtd;
    } catch (Exception | AssertionError e) {
      tgtd.close();
      throw e;
    }
  }

  /** A started node controller on embedded QEMU; {@code extra} settings are added to (or replace) the test's. */
  static NodeController start(Path dir, Map<String, String> extra) throws Exception {
    return new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "qemu", "LIBVIRT_URI", "qemu:///embed?root=" + org.eucalyptus.nc.Libvirt.embedRoot(),
        "INSTANCE_PATH", dir.resolve("instances").toString(), "NC_KEYS_DIR", dir.resolve("keys").toString(),
        "MAX_CORES", "2", "MAX_MEM", "2048", "MAX_DISK", "50", "NC_MONITOR_MS", "200")).with(extra)).start();
  }

  /** The node's SOAP client, patient enough for a guest's launch and a volume's attach. */
  static EucalyptusNCPortType client(NodeController nc) {
    return SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2),
        Duration.ofSeconds(90));
  }

  /** A guest's console output, as the node reports it. */
  static String console(EucalyptusNCPortType client, String id) {
    NcGetConsoleOutput g = new NcGetConsoleOutput();
    g.setInstanceId(id);
    try {
      return new String(Base64.getDecoder().decode(client.ncGetConsoleOutput(g).getConsoleOutput()),
          StandardCharsets.UTF_8);
    } catch (EucalyptusFault_Exception e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The node's report of an instance (it must have one). */
  static InstanceType describe(EucalyptusNCPortType client, String id) throws EucalyptusFault_Exception {
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add(id);
    return client.ncDescribeInstances(d).getInstances().get(0);
  }

  /** Ends every QEMU whose files are under {@code dir}: none of the test's guests is left. */
  static void endGuests(Path dir) {
    try {
      new ProcessBuilder("pkill", "-f", "qemu-system-x86_64.*" + dir).start().waitFor();
    } catch (Exception ignored) {
      // nothing left to end
    }
  }
}
