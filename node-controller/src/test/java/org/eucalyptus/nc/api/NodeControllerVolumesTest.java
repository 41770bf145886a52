package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcAttachVolume;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDetachVolume;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.InstanceType;
import org.eucalyptus.wsdl.types.VolumeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * ncAttachVolume / ncDetachVolume on a real node controller (libvirt's test driver, whose domains
 * cannot hold devices: the hypervisor keeps the test domains' targets itself): the CHAP password
 * opened with the node's key, the device mapped and refused when in use, the same request twice
 * changes nothing, the checkpoint keeps the volumes (sealed) and a restarted node reports them and
 * can detach them, terminate drops them.
 */
@IntegrationTest
class NodeControllerVolumesTest {
  static final String REMOTE = "iscsi://127.0.0.1:13341/iqn.2026-12.com.eucalyptus.sc:vol-0000000a/1";
  @TempDir Path dir;
  NodeController nc;
  EucalyptusNCPortType client;
  /** Keeps the test driver's shared state (its domains) alive while a node controller restarts. */
  Connect keepAlive;
  String sealed;

  @BeforeEach
  void start() throws Exception {
    Libvirt.requireOrSkip();
    keepAlive = new Connect("test:///default", false);
    // The storage controller seals the CHAP password for the node's certificate, i.e. its key pair.
    ComponentKeys keys = ComponentKeys.open(dir.resolve("keys"), ComponentIdentity.NODE);
    sealed = SealedSecrets.seal("chap-pass-1234", keys.publicKey());
    startNc();
  }

  void startNc() throws Exception {
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", dir.resolve("instances").toString(), "NC_KEYS_DIR", dir.resolve("keys").toString(),
        "MAX_CORES", "4", "MAX_MEM", "2048", "MAX_DISK", "50", "NC_MONITOR_MS", "200"))).start();
    client = SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws Exception {
    if (nc != null) {
      nc.close();
    }
    if (keepAlive != null) {
      keepAlive.close();
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

  void attach(String id, String volume, String remote, String device, String password) throws Exception {
    NcAttachVolume a = new NcAttachVolume();
    a.setInstanceId(id);
    a.setVolumeId(volume);
    a.setRemoteDev(remote);
    a.setLocalDev(device);
    a.setChapUser("u-" + volume);
    a.setChapPassword(password);
    client.ncAttachVolume(a);
  }

  void detach(String id, String volume, boolean force) throws Exception {
    NcDetachVolume d = new NcDetachVolume();
    d.setInstanceId(id);
    d.setVolumeId(volume);
    d.setForce(force);
    client.ncDetachVolume(d);
  }

  static String fault(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> {
      try {
        call.call();
      } catch (Throwable t) {
        caught[0] = t;
        throw t;
      }
    }).isInstanceOf(EucalyptusFault_Exception.class);
    return ((EucalyptusFault_Exception) caught[0]).getFaultInfo().getCode();
  }

  @Test
  void attachesReportsRefusesWhatIsWrongAndDetaches() throws Exception {
    String id = running("i-00000a01");
    attach(id, "vol-0000000a", REMOTE, "/dev/sdf", sealed);
    List<VolumeType> vols = describe(id).getVolumes();
    assertThat(vols).singleElement().satisfies(v -> {
      assertThat(v.getVolumeId()).isEqualTo("vol-0000000a");
      assertThat(v.getLocalDev()).isEqualTo("/dev/sdf");
      assertThat(v.getRemoteDev()).isEqualTo(REMOTE);
      assertThat(v.getState()).isEqualTo("attached");
      assertThat(v.getChapPassword()).isNull();
    });
    // The checkpoint keeps it, with the password still sealed.
    String saved = Files.readString(dir.resolve("instances/work/123456789012/" + id + "/volumes"));
    assertThat(saved).contains("vol-0000000a").doesNotContain("chap-pass-1234");

    // The same attachment again changes nothing.
    attach(id, "vol-0000000a", REMOTE, "/dev/sdf", sealed);
    assertThat(describe(id).getVolumes()).hasSize(1);

    assertThat(fault(() -> attach(id, "vol-0000000b", REMOTE, "/dev/sdf", sealed)))
        .as("a device in use").isEqualTo("InvalidParameterValue");
    assertThat(fault(() -> attach(id, "vol-0000000b", "nfs://x/y", "/dev/sdg", sealed)))
        .as("not an iSCSI export").isEqualTo("InvalidParameterValue");
    assertThat(fault(() -> attach(id, "vol-0000000b", REMOTE, "/dev/floppy", sealed)))
        .as("not a disk device").isEqualTo("InvalidParameterValue");
    String forSomeoneElse = SealedSecrets.seal("pw", ComponentKeys.open(dir.resolve("other"), ComponentIdentity.NODE)
        .publicKey());
    assertThat(fault(() -> attach(id, "vol-0000000b", REMOTE, "/dev/sdg", forSomeoneElse)))
        .as("a password sealed for another node").isEqualTo("InvalidParameterValue");
    assertThat(fault(() -> attach("i-0000dead", "vol-0000000b", REMOTE, "/dev/sdg", sealed)))
        .isEqualTo("InstanceNotFound");
    assertThat(describe(id).getVolumes()).hasSize(1);

    detach(id, "vol-0000000a", false);
    assertThat(describe(id).getVolumes()).isEmpty();
    detach(id, "vol-0000000a", false); // detached already: not an error
    // Its device is free again.
    attach(id, "vol-0000000b", REMOTE, "/dev/sdf", sealed);
    assertThat(describe(id).getVolumes()).extracting(VolumeType::getVolumeId).containsExactly("vol-0000000b");
    detach(id, "vol-0000000b", true);
    assertThat(describe(id).getVolumes()).isEmpty();
  }

  @Test
  void aRestartedNodeKeepsTheVolumesAndTerminateDropsThem() throws Exception {
    String id = running("i-00000a02");
    attach(id, "vol-0000000c", REMOTE, "/dev/sdf", sealed);
    attach(id, "vol-0000000d", REMOTE, "/dev/vdg", sealed);
    nc.close();
    startNc();
    InstanceType adopted = describe(id);
    assertThat(adopted.getStateName()).isEqualTo("Extant");
    assertThat(adopted.getVolumes()).extracting(VolumeType::getVolumeId, VolumeType::getState)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("vol-0000000c", "attached"),
            org.assertj.core.groups.Tuple.tuple("vol-0000000d", "attached"));
    detach(id, "vol-0000000c", false);
    assertThat(describe(id).getVolumes()).extracting(VolumeType::getVolumeId).containsExactly("vol-0000000d");

    NcTerminateInstance t = new NcTerminateInstance();
    t.setInstanceId(id);
    client.ncTerminateInstance(t);
    assertThat(describe(id).getVolumes()).extracting(VolumeType::getState).containsExactly("detached");
    assertThat(fault(() -> attach(id, "vol-0000000e", REMOTE, "/dev/sdh", sealed))).isEqualTo("IncorrectState");
  }
}
