package org.eucalyptus.nc.api;

import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.nc.TestGuest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.types.InstanceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the node controller's tests of volumes on real QEMU guests share: the test guest, a node on
 * embedded QEMU ({@link QemuNode}) with the key pair the storage controller seals CHAP passwords for,
 * the test's own tgtd, and after each test the node stopped, its guests ended and the tgtd killed.
 */
abstract class QemuVolumeTestBase {
  static Path guest;
  @TempDir Path tmp;
  NodeController nc;
  EucalyptusNCPortType client;
  TestTgtd tgtd;
  ComponentKeys keys;

  @BeforeAll
  static void guest() {
    guest = TestGuest.require();
  }

  /** Starts (or starts again) the node, with these settings beside the shared ones. */
  void startNc(Map<String, String> extra) throws Exception {
    keys = QemuNode.keys(tmp);
    nc = QemuNode.start(tmp, extra);
    client = QemuNode.client(nc);
  }

  /** What the test ends through the node before it stops (nothing unless a test says so). */
  void beforeTheNodeStops() {
  }

  @AfterEach
  final void stopNodeAndTarget() {
    if (nc != null) {
      beforeTheNodeStops();
      nc.close();
    }
    QemuNode.endGuests(tmp);
    if (tgtd != null) {
      tgtd.close();
    }
  }

  String console(String id) {
    return QemuNode.console(client, id);
  }

  InstanceType describe(String id) throws Exception {
    return QemuNode.describe(client, id);
  }
}
