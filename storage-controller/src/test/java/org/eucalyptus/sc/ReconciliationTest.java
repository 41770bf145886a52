package org.eucalyptus.sc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.sc.iscsi.TgtAdmin;
import org.eucalyptus.sc.iscsi.TgtTarget;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.types.VolumeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage controller on a tgtd it does not own (SC_START_TGTD=N, as on a host with the tgt
 * service) sets tgt right at start: a stray target and CHAP account of ours go, an export whose
 * target vanished is made again with the same login, and others' targets are left alone.
 */
@RootTest
class ReconciliationTest {
  static final int CONTROL_PORT = 7112;
  static final int ISCSI_PORT = 13312;
  @TempDir Path tmp;
  TestTgtd tgtd;
  StorageController sc;

  @AfterEach
  void stop() {
    if (sc != null) {
      sc.close();
    }
    if (tgtd != null) {
      tgtd.close();
    }
  }

  private StorageController startSc() throws Exception {
    return new StorageController(EucaConf.of(Map.of("SC_PORT", "0", "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", tmp.resolve("sc").toString(), "SC_KEYS_DIR", tmp.resolve("keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + ISCSI_PORT, "SC_TGT_CONTROL_PORT", String.valueOf(CONTROL_PORT),
        "SC_START_TGTD", "N"))).start();
  }

  @Test
  void strayTargetsAndAccountsGoAndExportsComeBackWithTheirLogin() throws Exception {
    ScTestParts.require();
    TgtAdmin tgt = new TgtAdmin(new CommandRunner(Duration.ofSeconds(20)), CONTROL_PORT);
    tgtd = TestTgtd.start(CONTROL_PORT, ISCSI_PORT, tmp.resolve("tgtd.log"));
    sc = startSc();
    CloudCa ca = CloudCa.loadOrCreate(tmp.resolve("ca"));
    ScTestParts.enrol(sc.port(), ca);
    var client = ScTestParts.asCloud(sc.port(), ca);
    CreateStorageVolume create = new CreateStorageVolume();
    create.setVolumeId("vol-0000001a");
    create.setSize(1);
    client.createStorageVolume(create);
    ScTestParts.awaitVolume(client, "vol-0000001a", "available");
    CloudCa.Issued node = ca.issueComponent(ComponentIdentity.NODE, "127.0.0.1");
    AttachStorageVolume attach = new AttachStorageVolume();
    attach.setVolumeId("vol-0000001a");
    attach.setInstanceId("i-0000001b");
    attach.setNodeCertificate(node.certificatePem());
    VolumeType v = client.attachStorageVolume(attach).getVolume();
    String password = SealedSecrets.open(v.getChapPassword(), Pem.privateKey(node.privateKeyPem()));
    sc.close();
    sc = null;

    // While the SC is down: its export's target vanishes, a stray one of ours and an account appear,
    // and someone else's target is there too.
    String ours = tgt.targets().get(0).iqn();
    tgt.deleteTarget(tgt.targets().get(0).tid());
    String prefix = ours.substring(0, ours.lastIndexOf(':') + 1);
    tgt.newTarget(40, prefix + "vol-00000bad", tmp.resolve("sc/volumes/vol-0000001a").toString());
    tgt.newAccount("euca-stray", "stray-password-1");
    tgt.bindAccount(40, "euca-stray");
    tgt.newTarget(41, "iqn.2024-01.org.example:other", tmp.resolve("sc/volumes/vol-0000001a").toString());

    sc = startSc();
    assertThat(tgt.targets()).extracting(TgtTarget::iqn).containsExactlyInAnyOrder(ours,
        "iqn.2024-01.org.example:other");
    TgtTarget back = tgt.targets().stream().filter(t -> t.iqn().equals(ours)).findFirst().orElseThrow();
    assertThat(back.accounts()).containsExactly(v.getChapUser());
    assertThat(tgt.accounts()).containsExactly(v.getChapUser());
    var written = ScTestParts.qemuWrite(ScTestParts.withLogin(v.getRemoteDev(), v.getChapUser(), password));
    assertThat(written.exitStatus()).as(written.stderr()).isZero();
  }
}
