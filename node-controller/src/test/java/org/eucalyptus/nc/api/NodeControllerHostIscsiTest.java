package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.IscsiKernel;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.nc.hypervisor.IscsiTarget;
import org.eucalyptus.nc.iscsi.Iscsiadm;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcAttachVolume;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDetachVolume;
import org.eucalyptus.wsdl.types.InstanceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * A node controller in the host-initiator mode (NC_ISCSI_MODE=host, libvirt's test driver) with a
 * real tgtd of the test's own and the host's real iscsiadm, through its SOAP API: an attach whose
 * login cannot succeed is a fault, the volume is reported "attaching failed", and no node record is
 * left; where the kernel has an iSCSI initiator, an attach logs the node in and a detach logs it out.
 */
@RootTest
class NodeControllerHostIscsiTest {
  static final int TGT_CONTROL = 7374;
  static final int TGT_PORTAL = 13574;
  static final String IQN = "iqn.2026-12.org.eucalyptus.test:hostmode-nc";
  static final String REMOTE = "iscsi://127.0.0.1:" + TGT_PORTAL + "/" + IQN + "/1";
  static final String USER = "euca-hn01";
  static final String PASSWORD = "hn01-Chap-Secret";
  @TempDir Path dir;
  TestTgtd tgtd;
  NodeController nc;
  EucalyptusNCPortType client;
  ComponentKeys keys;
  Connect keepAlive;
  final Iscsiadm iscsiadm = new Iscsiadm(new CommandRunner(Duration.ofSeconds(60)));
  final IscsiTarget target = new IscsiTarget("127.0.0.1", TGT_PORTAL, IQN, 1);

  @BeforeEach
  void start() throws Exception {
    Libvirt.requireOrSkip();
    HostParts.requireRootAnd("iscsiadm");
    tgtd = TestTgtd.start(TGT_CONTROL, TGT_PORTAL, dir.resolve("tgtd.log"));
    Path volume = dir.resolve("vol");
    try (RandomAccessFile f = new RandomAccessFile(volume.toFile(), "rw")) {
      f.setLength(8 << 20);
    }
    tgtd.export(1, IQN, volume, Optional.of(new TestTgtd.Chap(USER, PASSWORD)));
    keepAlive = new Connect("test:///default", false);
    keys = ComponentKeys.open(dir.resolve("keys"), ComponentIdentity.NODE);
    keys.publicKey();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", dir.resolve("instances").toString(), "NC_KEYS_DIR", dir.resolve("keys").toString(),
        "MAX_CORES", "4", "MAX_MEM", "2048", "MAX_DISK", "50", "NC_MONITOR_MS", "200", "NC_ISCSI_MODE", "host")))
        .start();
    client = SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(90));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (nc != null) {
        nc.close();
      }
      if (keepAlive != null) {
        keepAlive.close();
      }
      iscsiadm.logout(target);
      iscsiadm.deleteRecord(target);
    } finally {
      if (tgtd != null) {
        tgtd.close();
      }
    }
  }

  String running(String id) throws Exception {
    client.ncRunInstance(NodeControllerSoapTest.run(id, 1));
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"Extant".equals(describe(id).getStateName())) {
      assertThat(System.nanoTime()).as("Extant in time").isLessThan(end);
      Thread.sleep(50);
    }
    return id;
  }

  InstanceType describe(String id) throws Exception {
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add(id);
    return client.ncDescribeInstances(d).getInstances().get(0);
  }

  void attach(String id, String password) throws Exception {
    NcAttachVolume a = new NcAttachVolume();
    a.setInstanceId(id);
    a.setVolumeId("vol-0000h001");
    a.setRemoteDev(REMOTE);
    a.setLocalDev("/dev/sdf");
    a.setChapUser(USER);
    a.setChapPassword(SealedSecrets.seal(password, keys.publicKey()));
    client.ncAttachVolume(a);
  }

  @Test
  void anAttachWhoseLoginFailsIsAFaultAndLeavesNoRecord() throws Exception {
    String id = running("i-0000h001");
    // A wrong password: tgt refuses the login where the kernel can log in; here discovery already fails.
    assertThat(NodeControllerVolumesTest.fault(() -> attach(id, "not-the-password"))).isNotEmpty();
    assertThat(describe(id).getVolumes()).singleElement().satisfies(v -> {
      assertThat(v.getState()).isEqualTo("attaching failed");
    });
    assertThat(iscsiadm.record(target)).isEmpty();
    assertThat(Path.of("/etc/iscsi/nodes", IQN)).doesNotExist();
  }

  @Test
  void anAttachLogsTheNodeInAndADetachLogsItOut() throws Exception {
    Assumptions.assumeTrue(IscsiKernel.available(), "the kernel " + IscsiKernel.release() + " has no iscsi_tcp"
        + " module (built without iSCSI and without loadable modules): the host's login cannot be shown on this"
        + " machine, nor under CI, which runs on the same kernel");
    String id = running("i-0000h002");
    attach(id, PASSWORD);
    assertThat(describe(id).getVolumes()).singleElement().satisfies(v -> assertThat(v.getState())
        .isEqualTo("attached"));
    assertThat(new CommandRunner(Duration.ofSeconds(10)).run(List.of("iscsiadm", "-m", "session"), null).stdout())
        .contains(IQN);
    assertThat(Path.of("/dev/disk/by-path/ip-127.0.0.1:" + TGT_PORTAL + "-iscsi-" + IQN + "-lun-1")).exists();
    NcDetachVolume d = new NcDetachVolume();
    d.setInstanceId(id);
    d.setVolumeId("vol-0000h001");
    client.ncDetachVolume(d);
    assertThat(describe(id).getVolumes()).isEmpty();
    assertThat(iscsiadm.record(target)).isEmpty();
    assertThat(tgtd.show()).doesNotContain("Initiator:");
  }
}
