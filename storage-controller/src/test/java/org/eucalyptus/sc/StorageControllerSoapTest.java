package org.eucalyptus.sc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.xml.ws.soap.SOAPFaultException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.sc.DeleteStorageVolume;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.DetachStorageVolume;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.VolumeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage controller's SOAP operations through a client signed as the cloud controller signs,
 * against its own real tgtd: a volume is made, exported with a CHAP login sealed for the node, and
 * QEMU's iSCSI initiator writes the volume's file with that login and only with it.
 */
@RootTest
class StorageControllerSoapTest {
  static final int CONTROL_PORT = 7110;
  static final int ISCSI_PORT = 13310;
  @TempDir Path tmp;
  StorageController sc;
  CloudCa ca;
  EucalyptusSCPortType client;

  @BeforeEach
  void start() throws Exception {
    ScTestParts.require();
    sc = new StorageController(EucaConf.of(Map.of("SC_PORT", "0", "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", tmp.resolve("sc").toString(), "SC_KEYS_DIR", tmp.resolve("keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + ISCSI_PORT, "SC_TGT_CONTROL_PORT", String.valueOf(CONTROL_PORT),
        "SC_START_TGTD", "Y"))).start();
    ca = CloudCa.loadOrCreate(tmp.resolve("ca"));
    ScTestParts.enrol(sc.port(), ca);
    client = ScTestParts.asCloud(sc.port(), ca);
  }

  @AfterEach
  void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  @Test
  void aVolumeIsMadeExportedWithItsOwnLoginAndDetached() throws Exception {
    CreateStorageVolume create = new CreateStorageVolume();
    create.setVolumeId("vol-0000000a");
    create.setSize(1);
    assertThat(client.createStorageVolume(create).getVolume().getStatus()).isIn("creating", "available");
    // Idempotent: asked again, the same volume.
    assertThat(client.createStorageVolume(create).getVolume().getVolumeId()).isEqualTo("vol-0000000a");
    ScTestParts.awaitVolume(client, "vol-0000000a", "available");
    Path file = tmp.resolve("sc/volumes/vol-0000000a");
    assertThat(Files.size(file)).isEqualTo(1L << 30);

    CloudCa.Issued node = ca.issueComponent(ComponentIdentity.NODE, "127.0.0.1");
    AttachStorageVolume attach = new AttachStorageVolume();
    attach.setVolumeId("vol-0000000a");
    attach.setInstanceId("i-0000000b");
    attach.setNodeCertificate(node.certificatePem());
    attach.setNodeAddress("127.0.0.1");
    VolumeType v = client.attachStorageVolume(attach).getVolume();
    assertThat(v.getState()).isEqualTo("attached");
    assertThat(v.getRemoteDev()).startsWith("iscsi://127.0.0.1:" + ISCSI_PORT + "/iqn.2010-05.org.eucalyptus:")
        .endsWith(":vol-0000000a/1");
    String password = SealedSecrets.open(v.getChapPassword(), Pem.privateKey(node.privateKeyPem()));
    assertThat(v.getChapPassword()).doesNotContain(password);
    // Asked again: the same target and login (the password sealed anew).
    VolumeType again = client.attachStorageVolume(attach).getVolume();
    assertThat(again.getChapUser()).isEqualTo(v.getChapUser());
    assertThat(SealedSecrets.open(again.getChapPassword(), Pem.privateKey(node.privateKeyPem()))).isEqualTo(password);

    assertThat(ScTestParts.qemuWrite(v.getRemoteDev()).exitStatus()).as("no login").isNotZero();
    assertThat(ScTestParts.qemuWrite(ScTestParts.withLogin(v.getRemoteDev(), v.getChapUser(), "wrong-password"))
        .exitStatus()).as("a wrong password").isNotZero();
    var written = ScTestParts.qemuWrite(ScTestParts.withLogin(v.getRemoteDev(), v.getChapUser(), password));
    assertThat(written.exitStatus()).as(written.stderr()).isZero();
    byte[] head = new byte[4096];
    try (var in = Files.newInputStream(file)) {
      assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
    }
    for (byte b : head) {
      assertThat(b).isEqualTo((byte) 0x5a);
    }
    DescribeStorageVolumes d = new DescribeStorageVolumes();
    assertThat(client.describeStorageVolumes(d).getVolumes().get(0).getExportedTo()).containsExactly("i-0000000b");

    DeleteStorageVolume delete = new DeleteStorageVolume();
    delete.setVolumeId("vol-0000000a");
    assertThatThrownBy(() -> client.deleteStorageVolume(delete)).isInstanceOfSatisfying(
        EucalyptusFault_Exception.class, f -> assertThat(f.getFaultInfo().getCode()).isEqualTo("IncorrectState"));

    DetachStorageVolume detach = new DetachStorageVolume();
    detach.setVolumeId("vol-0000000a");
    detach.setInstanceId("i-0000000b");
    client.detachStorageVolume(detach);
    client.detachStorageVolume(detach); // ending an export that is gone is no error
    assertThat(ScTestParts.qemuWrite(ScTestParts.withLogin(v.getRemoteDev(), v.getChapUser(), password))
        .exitStatus()).as("after detach").isNotZero();

    client.deleteStorageVolume(delete);
    assertThat(file).doesNotExist();
    d.getVolumeIds().add("vol-0000000a");
    assertThat(client.describeStorageVolumes(d).getVolumes().get(0).getStatus()).isEqualTo("deleted");
  }

  @Test
  void badRequestsAreTheSendersFaultsAndStrangersAreRefused() throws Exception {
    CreateStorageVolume create = new CreateStorageVolume();
    create.setVolumeId("vol-0000000c");
    create.setSize(0);
    assertThatThrownBy(() -> client.createStorageVolume(create)).isInstanceOfSatisfying(
        EucalyptusFault_Exception.class, f -> assertThat(f.getFaultInfo().getCode())
            .isEqualTo("InvalidParameterValue"));
    create.setSize(1);
    create.setVolumeId("../../etc/passwd");
    assertThatThrownBy(() -> client.createStorageVolume(create)).hasMessageContaining("InvalidParameterValue");

    AttachStorageVolume attach = new AttachStorageVolume();
    attach.setVolumeId("vol-0000000d");
    attach.setInstanceId("i-0000000b");
    attach.setNodeCertificate(ca.issueComponent(ComponentIdentity.NODE, "127.0.0.1").certificatePem());
    assertThatThrownBy(() -> client.attachStorageVolume(attach)).isInstanceOfSatisfying(
        EucalyptusFault_Exception.class, f -> assertThat(f.getFaultInfo().getCode()).isEqualTo("VolumeNotFound"));

    // Enrolled: unsigned calls, and components other than the cloud, are refused.
    assertThatThrownBy(() -> ScTestParts.client(sc.port(), Optional.empty())
        .describeStorageVolumes(new DescribeStorageVolumes())).isInstanceOf(SOAPFaultException.class)
        .hasMessageContaining("not signed");
    CloudCa.Issued aNode = ca.issueComponent(ComponentIdentity.NODE, "127.0.0.1");
    assertThatThrownBy(() -> ScTestParts.client(sc.port(), Optional.of(
        new org.eucalyptus.common.soap.security.SigningIdentity(Pem.privateKey(aNode.privateKeyPem()),
            aNode.certificate(), ca.certificate()))).describeStorageVolumes(new DescribeStorageVolumes()))
        .hasMessageContaining("may not call");
  }
}
