package org.eucalyptus.sc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.wsdl.sc.DescribeIdentity;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumesResponse;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.sc.InstallCredentials;
import org.eucalyptus.wsdl.sc.StorageVolumeType;

/** What the storage controller's tests share: the host parts they need, enrolment, a signed client, qemu-io. */
final class ScTestParts {
  private ScTestParts() {}

  /** Root, tgt and QEMU's iSCSI initiator (qemu-io with qemu-block-extra). */
  static void require() {
    HostParts.requireRootAnd("tgtd", "tgtadm", "qemu-io");
    if (!java.nio.file.Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so"))
        && !HostParts.installed("qemu-io")) {
      HostParts.skip("QEMU's iSCSI driver is missing (apt-get install qemu-block-extra)");
    }
  }

  static String url(int port) {
    return "http://127.0.0.1:" + port + ScSettings.PATH;
  }

  /** Enrols the SC at {@code port} with {@code ca} as the cloud does (trust on first contact). */
  static void enrol(int port, CloudCa ca) throws Exception {
    EucalyptusSCPortType anonymous = client(port, Optional.empty());
    String pub = anonymous.describeIdentity(new DescribeIdentity()).getPublicKey();
    InstallCredentials install = new InstallCredentials();
    install.setCertificate(Pem.write(ca.certifyComponent(ComponentIdentity.STORAGE, "127.0.0.1",
        Pem.publicKey(pub))));
    install.setCloudCertificate(ca.certificatePem());
    anonymous.installCredentials(install);
  }

  /** A client signing as the cloud controller signs: with the cloud CA's own key. */
  static EucalyptusSCPortType asCloud(int port, CloudCa ca) {
    return client(port, Optional.of(new SigningIdentity(ca.privateKey(), ca.certificate(), ca.certificate())));
  }

  static EucalyptusSCPortType client(int port, Optional<SigningIdentity> id) {
    return WsSecurity.signing(SoapClients.create(EucalyptusSCPortType.class, url(port), Duration.ofSeconds(5),
        Duration.ofSeconds(70)), () -> id);
  }

  /** Waits (by long polls) until the volume is in {@code status}. */
  static StorageVolumeType awaitVolume(EucalyptusSCPortType sc, String id, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Long since = null;
    while (true) {
      DescribeStorageVolumes d = new DescribeStorageVolumes();
      d.getVolumeIds().add(id);
      d.setSinceVersion(since);
      d.setWaitMillis(since == null ? null : 2000);
      DescribeStorageVolumesResponse r = sc.describeStorageVolumes(d);
      StorageVolumeType v = r.getVolumes().get(0);
      if (v.getStatus().equals(status)) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("volume " + id + " is " + v.getStatus() + " (" + v.getStatusReason()
            + "), not " + status);
      }
      since = r.getVersion();
    }
  }

  /** Writes 4 KiB of 0x5a at offset 0 through QEMU's iSCSI initiator; the result says whether it could. */
  static CommandRunner.Result qemuWrite(String url) throws Exception {
    return new CommandRunner(Duration.ofSeconds(30)).runAllowingFailure(List.of("qemu-io", "-f", "raw", "-c",
        "write -P 0x5a 0 4k", url), null);
  }

  /** iscsi://host:port/iqn/1 with a login put in. */
  static String withLogin(String remoteDev, String user, String password) {
    return remoteDev.replaceFirst("^iscsi://", "iscsi://" + user + "%" + password + "@");
  }
}
