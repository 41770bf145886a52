package org.eucalyptus.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.sc.StorageController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * The lifecycle of an {@link EbsCloud} for the EBS end-to-end test classes: each says which cloud it
 * runs against (its own tgtd ports, its zones, registered or not), and every test gets it started
 * afresh and torn down after. The parts are in fields under the names the tests use; in a cloud of
 * several zones {@link #cc} and {@link #sc} are the first zone's, and a part the cloud has not is null.
 */
abstract class EbsCloudTestBase {
  @TempDir Path tmp;
  EbsCloud ebs;
  NodeController nc;
  ClusterController cc;
  CloudMain cloud;
  StorageController sc;
  Ec2Client ec2;
  String eucarc;

  /** This class's cloud, from a builder that keeps its files under the test's directory. */
  abstract EbsCloud.Builder cloud(EbsCloud.Builder files);

  @BeforeEach
  final void startEbsCloud() throws Exception {
    ebs = cloud(EbsCloud.in(tmp)).start();
    nc = ebs.nc();
    cc = ebs.clusterControllers().isEmpty() ? null : ebs.cc();
    cloud = ebs.cloud();
    sc = ebs.sc();
    ec2 = ebs.ec2();
    eucarc = ebs.eucarc();
  }

  @AfterEach
  final void stopEbsCloud() {
    if (ebs != null) {
      ebs.close();
    }
  }

  Volume volume(String id) {
    return ec2.describeVolumes(r -> r.volumeIds(id)).volumes().get(0);
  }

  /** A file's SHA-256, in hex (volumes and snapshots compared byte for byte). */
  static String digest(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  Instance instance(String id) {
    return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
  }
}
