package org.eucalyptus.sc;

import org.eucalyptus.common.util.EmbeddedH2;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.sc.iscsi.TgtAdmin;
import org.eucalyptus.sc.iscsi.TgtTarget;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.types.VolumeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a storage controller (a process of its own, running its own tgtd) after an export and
 * with a volume being made: restarted, it ends the tgtd the dead one left, serves the export again
 * with the same login from a fresh tgtd, fails the volume that was being made and removes its bytes,
 * and removes volume files no row names.
 */
@RootTest
class StorageControllerKilledTest {
  static final int SC_PORT = 21001;
  static final int CONTROL_PORT = 7111;
  static final int ISCSI_PORT = 13311;
  @TempDir Path tmp;
  ChildStorageControllers scs;

  @AfterEach
  void stop() throws Exception {
    if (scs != null) {
      scs.close();
    }
  }

  @Test
  void aRestartAfterKillLeaksNothingAndServesTheExportAgain() throws Exception {
    ScTestParts.require();
    Process first = startSc();
    CloudCa ca = CloudCa.loadOrCreate(tmp.resolve("ca"));
    ScTestParts.enrol(SC_PORT, ca);
    EucalyptusSCPortType client = ScTestParts.asCloud(SC_PORT, ca);
    CreateStorageVolume create = new CreateStorageVolume();
    create.setVolumeId("vol-0000002a");
    create.setSize(1);
    client.createStorageVolume(create);
    ScTestParts.awaitVolume(client, "vol-0000002a", "available");
    CloudCa.Issued node = ca.issueComponent(ComponentIdentity.NODE, "127.0.0.1");
    AttachStorageVolume attach = new AttachStorageVolume();
    attach.setVolumeId("vol-0000002a");
    attach.setInstanceId("i-0000002b");
    attach.setNodeCertificate(node.certificatePem());
    attach.setNodeAddress("127.0.0.1");
    VolumeType v = client.attachStorageVolume(attach).getVolume();
    String password = SealedSecrets.open(v.getChapPassword(), Pem.privateKey(node.privateKeyPem()));
    long oldTgtd = Long.parseLong(Files.readString(tmp.resolve("sc/tgtd.pid")).strip());

    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    // What a kill in the middle of a CreateStorageVolume leaves: the row creating, the file half made.
    // (Making a sparse file takes no time a test could hit; the snapshot fill that does is not merged yet.)
    try (Connection c = DriverManager.getConnection(EmbeddedH2.url(tmp.resolve("sc/db/sc")), "sa", "");
        PreparedStatement s = c.prepareStatement("INSERT INTO volumes (id, size_gib, status, created)"
            + " VALUES ('vol-0000002c', 1, 'CREATING', 0)")) {
      s.executeUpdate();
    }
    Files.write(tmp.resolve("sc/volumes/vol-0000002c"), new byte[512]);
    Files.write(tmp.resolve("sc/volumes/vol-0000002d"), new byte[512]); // no row names it
    Files.write(tmp.resolve("sc/volumes/.making-vol-0000002e"), new byte[512]);
    assertThat(ProcessHandle.of(oldTgtd).map(ProcessHandle::isAlive)).as("the dead SC's tgtd").contains(true);

    startSc();
    assertThat(ProcessHandle.of(oldTgtd).map(ProcessHandle::isAlive).orElse(false)).as("old tgtd ended").isFalse();
    TgtAdmin tgt = new TgtAdmin(new CommandRunner(Duration.ofSeconds(20)), CONTROL_PORT);
    assertThat(tgt.targets()).hasSize(1);
    TgtTarget t = tgt.targets().get(0);
    assertThat(t.iqn()).endsWith(":vol-0000002a");
    assertThat(t.accounts()).containsExactly(v.getChapUser());
    assertThat(t.initiators()).containsExactly("127.0.0.1");
    var written = ScTestParts.qemuWrite(ScTestParts.withLogin(v.getRemoteDev(), v.getChapUser(), password));
    assertThat(written.exitStatus()).as(written.stderr()).isZero();

    DescribeStorageVolumes d = new DescribeStorageVolumes();
    d.getVolumeIds().add("vol-0000002c");
    var made = client.describeStorageVolumes(d).getVolumes().get(0);
    assertThat(made.getStatus()).isEqualTo("failed");
    assertThat(made.getStatusReason()).contains("stopped");
    try (var files = Files.list(tmp.resolve("sc/volumes"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vol-0000002a");
    }
  }

  private Process startSc() throws Exception {
    if (scs == null) {
      scs = new ChildStorageControllers(tmp, SC_PORT, CONTROL_PORT, ISCSI_PORT);
    }
    return scs.start();
  }
}
