package org.eucalyptus.nc.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.InstanceType;

/**
 * A {@link QemuNode} that launches the test guest for a test and ends every guest it launched on
 * close: for tests that boot several guests and follow them (state, console, domain) one by one.
 */
final class GuestNode implements AutoCloseable {
  final NodeController nc;
  final EucalyptusNCPortType client;
  final ComponentKeys keys;
  private final Path guest;
  private final List<String> launched = new ArrayList<>();

  private GuestNode(NodeController nc, EucalyptusNCPortType client, ComponentKeys keys, Path guest) {
    this.nc = nc;
    this.client = client;
    this.keys = keys;
    this.guest = guest;
  }

  /** A node with its work under {@code dir}, the settings every QEMU test uses, and {@code more}. */
  static GuestNode start(Path dir, Path guest, Map<String, String> more) throws Exception {
    ComponentKeys keys = QemuNode.keys(dir);
    NodeController nc = QemuNode.start(dir, more);
    return new GuestNode(nc, QemuNode.client(nc), keys, guest);
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
    return QemuNode.console(client, id);
  }

  InstanceType describe(String id) throws Exception {
    return QemuNode.describe(client, id);
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
