package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeInstancesResponse;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.nc.NcRebootInstance;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.InstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualMachineType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node controller (libvirt test driver) driven only through its SOAP API. */
@IntegrationTest
class NodeControllerSoapTest {
  @TempDir static Path instancePath;
  static NodeController nc;
  static EucalyptusNCPortType client;

  @BeforeAll
  static void start() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", instancePath.toString(), "MAX_CORES", "4", "MAX_MEM", "2048", "MAX_DISK", "50",
        "NC_MONITOR_MS", "200", "NC_POWERDOWN_COMMAND", "touch " + instancePath.resolve("powered-down")))).start();
    client = SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (nc != null) {
      nc.close();
    }
  }

  static NcRunInstance run(String id, int cores) {
    NcRunInstance r = new NcRunInstance();
    r.setInstanceId(id);
    r.setReservationId("r-00000001");
    r.setImageId("emi-00000001");
    r.setAccountId("123456789012");
    VirtualMachineType t = new VirtualMachineType();
    t.setName("m1.test");
    t.setCores(cores);
    t.setMemory(256);
    t.setDisk(5);
    r.setInstanceType(t);
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress("d0:0d:00:00:00:01");
    r.setNetParams(net);
    return r;
  }

  static NcDescribeInstancesResponse describe(Long since, Integer waitMillis) throws Exception {
    NcDescribeInstances d = new NcDescribeInstances();
    d.setSinceVersion(since);
    d.setWaitMillis(waitMillis);
    return client.ncDescribeInstances(d);
  }

  static String state(NcDescribeInstancesResponse r, String id) {
    return r.getInstances().stream().filter(i -> i.getInstanceId().equals(id)).map(InstanceType::getStateName)
        .findFirst().orElse("absent");
  }

  @Test
  void runDescribeRebootConsoleTerminate() throws Exception {
    long v0 = describe(null, null).getVersion();
    InstanceType started = client.ncRunInstance(run("i-11111111", 2)).getInstance();
    assertThat(started.getStateName()).isEqualTo("Pending");

    // Long poll from the version before the launch: returns as soon as the instance is Extant.
    long since = v0;
    String st = "Pending";
    long t0 = System.nanoTime();
    while (!st.equals("Extant") && System.nanoTime() - t0 < 10_000_000_000L) {
      NcDescribeInstancesResponse r = describe(since, 5000);
      since = r.getVersion();
      st = state(r, "i-11111111");
    }
    assertThat(st).isEqualTo("Extant");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);

    // Nothing changes: the poll waits its time out.
    long t1 = System.nanoTime();
    NcDescribeInstancesResponse quiet = describe(since, 300);
    assertThat((System.nanoTime() - t1) / 1_000_000).isGreaterThanOrEqualTo(250);
    assertThat(quiet.getVersion()).isEqualTo(since);
    assertThat(state(quiet, "i-11111111")).isEqualTo("Extant"); // asked plainly: the whole list, as ever
    assertThat(quiet.isUnchanged()).isNull();
    // Asked to say so: an unchanged node answers without its list (most polls of an idle node) ...
    NcDescribeInstances idle = new NcDescribeInstances();
    idle.setSinceVersion(since);
    idle.setWaitMillis(300);
    idle.setSayUnchanged(true);
    NcDescribeInstancesResponse same = client.ncDescribeInstances(idle);
    assertThat(same.isUnchanged()).isTrue();
    assertThat(same.getInstances()).isEmpty();
    assertThat(same.getVersion()).isEqualTo(since);
    assertThat(same.getNumberOfCoresMax()).isEqualTo(4);
    // ... and one asked since an older version gets the list.
    idle.setSinceVersion(v0);
    NcDescribeInstancesResponse behind = client.ncDescribeInstances(idle);
    assertThat(behind.isUnchanged()).isNull();
    assertThat(state(behind, "i-11111111")).isEqualTo("Extant");

    var res = client.ncDescribeResource(new NcDescribeResource());
    assertThat(res.getNumberOfCoresMax()).isEqualTo(4);
    assertThat(res.getNumberOfCoresAvailable()).isEqualTo(2);
    assertThat(res.getMemorySizeAvailable()).isEqualTo(2048 - 256);
    assertThat(res.getDiskSizeAvailable()).isEqualTo(45);

    NcRebootInstance reboot = new NcRebootInstance();
    reboot.setInstanceId("i-11111111");
    assertThat(client.ncRebootInstance(reboot).isStatus()).isTrue();

    Path log = instancePath.resolve("work/123456789012/i-11111111/console.log");
    Files.writeString(log, "x".repeat(70_000) + "MARKER\n");
    NcGetConsoleOutput console = new NcGetConsoleOutput();
    console.setInstanceId("i-11111111");
    String out = new String(java.util.Base64.getDecoder().decode(client.ncGetConsoleOutput(console).getConsoleOutput()), StandardCharsets.UTF_8);
    assertThat(out).hasSize(64 * 1024).endsWith("MARKER\n");

    NcTerminateInstance term = new NcTerminateInstance();
    term.setInstanceId("i-11111111");
    var tr = client.ncTerminateInstance(term);
    assertThat(tr.getPreviousState()).isEqualTo("Extant");
    assertThat(tr.getShutdownState()).isEqualTo("Teardown");
    assertThat(state(describe(null, null), "i-11111111")).isEqualTo("Teardown");
    assertThat(client.ncDescribeResource(new NcDescribeResource()).getNumberOfCoresAvailable()).isEqualTo(4);
    assertThat(log.getParent()).doesNotExist();
    // Terminating again is fine.
    assertThat(client.ncTerminateInstance(term).getPreviousState()).isEqualTo("Teardown");
  }

  @Test
  void assignAddressIsReportedAndBadOnesAreFaults() throws Exception {
    NcRunInstance launch = run("i-55555555", 1);
    launch.setUuid("assign-" + System.nanoTime()); // a launch of its own, whatever ran this id before
    client.ncRunInstance(launch);
    try {
      assignAddress();
    } finally {
      NcTerminateInstance term = new NcTerminateInstance();
      term.setInstanceId("i-55555555");
      client.ncTerminateInstance(term);
    }
  }

  private void assignAddress() throws Exception {
    org.eucalyptus.wsdl.nc.NcAssignAddress a = new org.eucalyptus.wsdl.nc.NcAssignAddress();
    a.setInstanceId("i-55555555");
    a.setPublicIp("198.51.100.7");
    assertThat(client.ncAssignAddress(a).isReturn()).isTrue();
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add("i-55555555");
    assertThat(client.ncDescribeInstances(d).getInstances().get(0).getNetParams().getPublicIp()).isEqualTo("198.51.100.7");
    a.setPublicIp("not-an-address");
    assertThatThrownBy(() -> client.ncAssignAddress(a)).isInstanceOfSatisfying(EucalyptusFault_Exception.class,
        e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameter"));
    a.setInstanceId("i-5555AAAA");
    a.setPublicIp("198.51.100.8");
    assertThatThrownBy(() -> client.ncAssignAddress(a)).isInstanceOf(EucalyptusFault_Exception.class);
  }

  @Test
  void startNetworkInSystemModeWithoutABridgeGivesNoInterface() throws Exception {
    org.eucalyptus.wsdl.nc.NcStartNetwork s = new org.eucalyptus.wsdl.nc.NcStartNetwork();
    s.setVlan(10);
    assertThat(client.ncStartNetwork(s).getNetworkStatus()).isEmpty();
  }

  @Test
  void powerDownRunsItsCommandOnlyWhenIdle() throws Exception {
    client.ncRunInstance(run("i-66666666", 1));
    assertThatThrownBy(() -> client.ncPowerDown(new org.eucalyptus.wsdl.nc.NcPowerDown()))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("IncorrectState"));
    assertThat(instancePath.resolve("powered-down")).doesNotExist();
    NcTerminateInstance term = new NcTerminateInstance();
    term.setInstanceId("i-66666666");
    client.ncTerminateInstance(term);
    long t0 = System.nanoTime();
    while (true) {
      try {
        client.ncPowerDown(new org.eucalyptus.wsdl.nc.NcPowerDown());
        break;
      } catch (EucalyptusFault_Exception e) {
        // another test's instance is still live; wait for it
        assertThat(System.nanoTime() - t0).isLessThan(20_000_000_000L);
        Thread.sleep(200);
      }
    }
    assertThat(instancePath.resolve("powered-down")).exists();
  }

  @Test
  void refusesWhatItCannotDo() {
    assertThatThrownBy(() -> client.ncRunInstance(run("i-22222222", 5)))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InsufficientResources"));
    assertThatThrownBy(() -> client.ncRunInstance(run("not-an-id", 1)))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameter"));
    NcRunInstance noMemory = run("i-33333334", 1);
    noMemory.getInstanceType().setMemory(0);
    assertThatThrownBy(() -> client.ncRunInstance(noMemory))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameter"));
    NcRunInstance noReservation = run("i-33333335", 1);
    noReservation.setReservationId(null);
    assertThatThrownBy(() -> client.ncRunInstance(noReservation))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameter"));
    NcRunInstance noNet = run("i-33333333", 1);
    noNet.setNetParams(null);
    assertThatThrownBy(() -> client.ncRunInstance(noNet))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameter"));
    NcTerminateInstance term = new NcTerminateInstance();
    term.setInstanceId("i-99999999");
    assertThatThrownBy(() -> client.ncTerminateInstance(term))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InstanceNotFound"));
  }

  @Test
  void describeReturnsTheRequestFieldsAndADuplicateIsAnsweredWithTheFirst() throws Exception {
    NcRunInstance r = run("i-55555555", 1);
    r.setOwnerId("alice");
    r.setKeyName("mykey");
    r.setUserData("dXNlcmRhdGE=");
    r.setLaunchIndex("3");
    r.getGroupNames().addAll(java.util.List.of("default", "web"));
    r.getNetParams().setBridge("eucabr10");
    r.getNetParams().setPrivateIp("10.1.0.5");
    r.getNetParams().setVlan(10);
    client.ncRunInstance(r);
    // Sent again (its sender could not know the first arrived): answered with the instance the
    // node has, not started a second time.
    InstanceType again = client.ncRunInstance(run("i-55555555", 1)).getInstance();
    assertThat(again.getOwnerId()).isEqualTo("alice");
    assertThat(again.getLaunchIndex()).isEqualTo("3");

    NcDescribeInstances only = new NcDescribeInstances();
    only.getInstanceIds().add("i-55555555");
    var listed = client.ncDescribeInstances(only).getInstances();
    assertThat(listed).hasSize(1);
    InstanceType t = listed.get(0);
    assertThat(t.getReservationId()).isEqualTo("r-00000001");
    assertThat(t.getImageId()).isEqualTo("emi-00000001");
    assertThat(t.getOwnerId()).isEqualTo("alice");
    assertThat(t.getAccountId()).isEqualTo("123456789012");
    assertThat(t.getKeyName()).isEqualTo("mykey");
    assertThat(t.getUserData()).isEqualTo("dXNlcmRhdGE=");
    assertThat(t.getLaunchIndex()).isEqualTo("3");
    assertThat(t.getGroupNames()).containsExactly("default", "web");
    assertThat(t.getInstanceType().getName()).isEqualTo("m1.test");
    assertThat(t.getInstanceType().getMemory()).isEqualTo(256);
    assertThat(t.getNetParams().getPrivateMacAddress()).isEqualTo("d0:0d:00:00:00:01");
    assertThat(t.getNetParams().getBridge()).isEqualTo("eucabr10");
    assertThat(t.getNetParams().getPrivateIp()).isEqualTo("10.1.0.5");
    assertThat(t.getNetParams().getVlan()).isEqualTo(10);
    assertThat(t.getLaunchTime()).isNotNull();
    assertThat(t.getStateName()).isIn("Pending", "Extant");

    NcTerminateInstance term = new NcTerminateInstance();
    term.setInstanceId("i-55555555");
    client.ncTerminateInstance(term);
    // The same launch sent again once torn down is answered as it ended, not started again; a new
    // launch of the id (another uuid, as StartInstances sends) is started.
    assertThat(client.ncRunInstance(run("i-55555555", 1)).getInstance().getStateName()).isEqualTo("Teardown");
    NcRunInstance relaunch = run("i-55555555", 1);
    relaunch.setUuid("relaunch-" + System.nanoTime());
    try {
      assertThat(client.ncRunInstance(relaunch).getInstance().getStateName()).isEqualTo("Pending");
    } finally {
      client.ncTerminateInstance(term);
    }
  }

  @Test
  void rebootAndConsoleOfAnUnknownInstanceAreFaults() {
    NcRebootInstance reboot = new NcRebootInstance();
    reboot.setInstanceId("i-98989898");
    assertThatThrownBy(() -> client.ncRebootInstance(reboot))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InstanceNotFound"));
    NcGetConsoleOutput console = new NcGetConsoleOutput();
    console.setInstanceId("i-98989898");
    assertThatThrownBy(() -> client.ncGetConsoleOutput(console))
        .isInstanceOfSatisfying(EucalyptusFault_Exception.class,
            e -> assertThat(e.getFaultInfo().getCode()).isEqualTo("InstanceNotFound"));
  }

  @Test
  void aGuestThatDiesIsReportedAndItsResourcesFreed() throws Exception {
    client.ncRunInstance(run("i-44444444", 1));
    long t0 = System.nanoTime();
    while (!state(describe(null, null), "i-44444444").equals("Extant")) {
      assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
      Thread.sleep(20);
    }
    // Kill the domain behind the NC's back, as a crash or a guest power-off would.
    try (var h = new org.eucalyptus.nc.hypervisor.LibvirtHypervisor("test:///default")) {
      h.destroy("i-44444444");
    }
    while (!state(describe(null, null), "i-44444444").equals("Teardown")) {
      assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
      Thread.sleep(50);
    }
    InstanceType t = describe(null, null).getInstances().stream()
        .filter(i -> i.getInstanceId().equals("i-44444444")).findFirst().orElseThrow();
    assertThat(t.getStateReason()).contains("disappeared");
  }
}
