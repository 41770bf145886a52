package org.eucalyptus.nc.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.InstanceType;

/**
 * A node controller on QEMU (libvirt's embedded driver, TCG) for the tests that boot the test guest,
 * driven through its SOAP API: its keys (so a test can seal a CHAP password for it), launches of the
 * guest, console, state and domain look-ups, and a close that ends every guest it launched.
 */
final class QemuNode implements AutoCloseable {
  final NodeController nc;
  final EucalyptusNCPortType client;
  final ComponentKeys keys;
  private final Path guest;
  private final List<String> launched = new ArrayList<>();

  private QemuNode(NodeController nc, EucalyptusNCPortType client, ComponentKeys keys, Path guest) {
    this.nc = nc;
    this.client = client;
    this.keys = keys;
    this.guest = guest;
  }

  /** A node with its work under {@code dir}, its settings those every QEMU test uses, with {@code more}. */
  static QemuNode start(Path dir, Path guest, Map<String, String> more) throws Exception {
    ComponentKeys keys = ComponentKeys.open(dir.resolve("keys"), ComponentIdentity.NODE);
    keys.publicKey(); // the key pair made before the node reads it
    Map<String, String> conf = new HashMap<>(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "qemu", "LIBVIRT_URI", "qemu:///embed?root=" + Libvirt.embedRoot(),
        "INSTANCE_PATH", dir.resolve("instances").toString(), "NC_KEYS_DIR", dir.resolve("keys").toString(),
        "MAX_CORES", "2", "MAX_MEM", "2048", "MAX_DISK", "50", "NC_MONITOR_MS", "200"));
    conf.putAll(more);
    NodeController nc = new NodeController(EucaConf.of(conf)).start();
    EucalyptusNCPortType client = SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(90));
    return new QemuNode(nc, client, keys, guest);
  }

  /** A password sealed for this node's certificate, as the storage controller sends one. */
  String sealed(String password) throws Exception {
    return SealedSecrets.seal(password, keys.publicKey());
  }

  /** Launches the test guest (128 MiB) with one of its root disks ({@code disk.img}, {@code disk-noacpi.img}, ...). */
  void boot(String id, String rootDisk) throws Exception {
    NcRunInstance r = NodeControllerSoapTest.run(id, 1);
    r.getInstanceType().setMemory(128);
    r.getInstanceType().setDisk(1);
    r.setKernelURL(guest.resolve("vmlinuz").toUri().toString());
    r.setRamdiskURL(guest.resolve("initrd.gz").toUri().toString());
    r.setImageURL(guest.resolve(rootDisk).toUri().toString());
    launched.add(id);
    client.ncRunInstance(r);
  }

  String console(String id) {
    NcGetConsoleOutput g = new NcGetConsoleOutput();
    g.setInstanceId(id);
    try {
      return new String(Base64.getDecoder().decode(client.ncGetConsoleOutput(g).getConsoleOutput()),
          StandardCharsets.UTF_8);
    } catch (org.eucalyptus.wsdl.types.EucalyptusFault_Exception e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  InstanceType describe(String id) throws Exception {
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add(id);
    return client.ncDescribeInstances(d).getInstances().get(0);
  }

  /** Waits for {@code done}; on time out fails with the end of {@code id}'s console. */
  void await(String what, String id, Duration limit, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        String c;
        try {
          c = console(id);
          c = c.substring(Math.max(0, c.length() - 2000));
        } catch (RuntimeException | AssertionError e) {
          c = e.getMessage();
        }
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what + "; " + id
            + "'s console:\n" + c);
      }
      Thread.sleep(100);
    }
  }

  /** Whether libvirt still has a running domain of that name. */
  static boolean domainRuns(String id) throws Exception {
    org.libvirt.Connect conn = new org.libvirt.Connect("qemu:///embed?root=" + Libvirt.embedRoot(), false);
    try {
      for (int n : conn.listDomains()) {
        if (conn.domainLookupByID(n).getName().equals(id)) {
          return true;
        }
      }
      return false;
    } finally {
      conn.close();
    }
  }

  @Override
  public void close() {
    for (String id : launched) { // a failed test leaves no guest behind
      try {
        NcTerminateInstance t = new NcTerminateInstance();
        t.setInstanceId(id);
        client.ncTerminateInstance(t);
      } catch (Exception | AssertionError ignored) {
        // gone already
      }
    }
    nc.close();
  }
}
