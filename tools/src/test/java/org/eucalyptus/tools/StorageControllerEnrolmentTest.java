package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.sc.StorageController;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.sc.DescribeIdentity;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.sc.InstallCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real storage controllers (each with a tgtd of its own) and a real cloud controller: registering an
 * SC with euca_conf enrols it (its certificate is for the key it made, role storage), DescribeServices
 * lists it ENABLED and the EBS actions' client reaches it signed; an SC another cloud enrolled first
 * is listed NOTREADY with the reason, keeps its trust, and the CLC will not call it.
 */
@RootTest
class StorageControllerEnrolmentTest {
  // This helper's tgtd control ports and iSCSI portals (COMMON.md: the host's tgtd is not ours).
  private static final int CONTROL_PORT = 7152;
  private static final int ISCSI_PORT = 13352;

  @TempDir Path tmp;
  CloudMain cloud;
  StorageController sc;
  StorageController foreignSc;

  @BeforeEach
  void start() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm");
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "zone1=127.0.0.1:9 zone2=127.0.0.1:9")));
    sc = startSc("sc1", 0);
    foreignSc = startSc("sc2", 1);
  }

  private StorageController startSc(String name, int offset) throws Exception {
    return new StorageController(EucaConf.of(Map.of("SC_PORT", "0", "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", tmp.resolve(name).toString(), "SC_KEYS_DIR", tmp.resolve(name + "-keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + (ISCSI_PORT + offset),
        "SC_TGT_CONTROL_PORT", String.valueOf(CONTROL_PORT + offset), "SC_START_TGTD", "Y"))).start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {cloud, sc, foreignSc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void aRegisteredScIsEnrolledAndEnabledAndOneTrustingAnotherCloudIsNotReady() throws Exception {
    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    EucaConfTest.Run reg = EucaConfTest.confAs(eucarc, "--register-sc", "--partition", "zone1", "--host",
        "127.0.0.1", "--port", String.valueOf(sc.port()), "--component", "sc1");
    assertThat(reg.status()).as(reg.out()).isZero();
    assertThat(reg.out()).isEqualTo("STORAGE\tsc1\tzone1\t127.0.0.1:" + sc.port() + "\tenrolled\n");
    var cert = Pem.readCertificate(tmp.resolve("sc1-keys").resolve("storage-cert.pem"));
    assertThat(ComponentIdentity.role(cert)).isEqualTo(ComponentIdentity.STORAGE);
    cert.verify(cloud.clc().ca().certificate().getPublicKey());
    assertThat(Pem.readCertificate(tmp.resolve("sc1-keys").resolve("cloud-cert.pem")))
        .isEqualTo(cloud.clc().ca().certificate());
    String url = "http://127.0.0.1:" + sc.port() + "/services/Storage";
    assertThat(EucaConfTest.confAs(eucarc, "--list-services").out())
        .contains("SERVICE\tstorage\tzone1\tsc1\tENABLED\t" + url + "\n");
    assertThat(EucaConfTest.confAs(eucarc, "--list-scs").out()).isEqualTo("STORAGE\tsc1\tzone1\tENABLED\t" + url + "\n");
    // The EBS actions' client: signed as the cloud, which the enrolled SC takes.
    assertThat(cloud.clc().storageControllers().forZone("zone1").describeStorageVolumes(new DescribeStorageVolumes())
        .getVolumes()).isEmpty();

    // Another cloud reached the second SC first: trust on first contact keeps it theirs.
    CloudCa other = CloudCa.loadOrCreate(tmp.resolve("other-ca"));
    EucalyptusSCPortType anonymous = WsSecurity.signing(SoapClients.create(EucalyptusSCPortType.class,
        "http://127.0.0.1:" + foreignSc.port() + "/services/Storage", Duration.ofSeconds(5), Duration.ofSeconds(20)),
        Optional::empty);
    InstallCredentials theirs = new InstallCredentials();
    theirs.setCertificate(Pem.write(other.certifyComponent(ComponentIdentity.STORAGE, "sc2",
        Pem.publicKey(anonymous.describeIdentity(new DescribeIdentity()).getPublicKey()))));
    theirs.setCloudCertificate(other.certificatePem());
    anonymous.installCredentials(theirs);

    EucaConfTest.Run foreign = EucaConfTest.confAs(eucarc, "--register-sc", "--partition", "zone2", "--host",
        "127.0.0.1", "--port", String.valueOf(foreignSc.port()), "--component", "sc2");
    assertThat(foreign.status()).as(foreign.out()).isZero();
    assertThat(foreign.out()).contains("\tit trusts another cloud's CA (");
    EndToEndTest.awaitTrue("the foreign SC listed NOTREADY", Duration.ofSeconds(30), () -> EucaConfTest.confAs(
        eucarc, "--list-services").out().contains("SERVICE\tstorage\tzone2\tsc2\tNOTREADY\thttp://127.0.0.1:"
        + foreignSc.port() + "/services/Storage\tit trusts another cloud's CA ("));
    assertThat(Pem.readCertificate(tmp.resolve("sc2-keys").resolve("cloud-cert.pem"))).isEqualTo(other.certificate());
    assertThatThrownBy(() -> cloud.clc().storageControllers().forZone("zone2"))
        .isInstanceOf(UnavailableException.class).hasMessageContaining("it trusts another cloud's CA");
    assertThat(EucaConfTest.confAs(eucarc, "--list-services").out())
        .contains("SERVICE\tstorage\tzone1\tsc1\tENABLED\t");
  }
}
