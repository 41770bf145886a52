package org.eucalyptus.nc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.net.NetworkMode;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class NodeSettingsTest {
  @Test
  void defaults() {
    NodeSettings s = NodeSettings.from(EucaConf.empty());
    assertThat(s.server().port()).isEqualTo(8775);
    assertThat(s.server().bindAddr()).isEqualTo("0.0.0.0");
    assertThat(s.server().path()).isEqualTo("/axis2/services/EucalyptusNC");
    assertThat(s.hypervisor().type()).isEqualTo("auto");
    assertThat(s.hypervisor().uriFor("kvm")).isEqualTo("qemu:///system");
    assertThat(s.hypervisor().uriFor("test")).isEqualTo("test:///default");
    assertThat(s.storage().instancePath()).isEqualTo(Path.of("/var/lib/eucalyptus/instances"));
    assertThat(s.storage().cacheSizeMb()).isEqualTo(10240);
    assertThat(s.storage().concurrentDiskOps()).isEqualTo(4);
    assertThat(s.storage().concurrentLaunches()).isEqualTo(8);
    assertThat(s.storage().diskCommandTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.capacity()).isEqualTo(new NodeSettings.Capacity(0, 0, 0));
    assertThat(s.network()).isEqualTo(new NodeSettings.Network(NetworkMode.SYSTEM, "", "eth0", false, "", List.of()));
    assertThat(s.keysDir()).isEqualTo(Path.of("/var/lib/eucalyptus/keys"));
    assertThat(s.powerdownCommand()).containsExactly("poweroff");
    assertThat(s.teardownRetention()).isEqualTo(Duration.ofMinutes(3));
    assertThat(s.monitorPeriod()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void readsWhatIsSet() {
    NodeSettings s = NodeSettings.from(EucaConf.of(Map.of("EUCALYPTUS", "/opt/euca", "NC_SERVICE", "/x/NC",
        "HYPERVISOR", "test", "LIBVIRT_URI", "qemu:///embed?root=/r", "VNET_MODE", "managed-novlan",
        "VNET_SEGMENT", "VXLAN", "NC_NETNS", "n1", "NC_POWERDOWN_COMMAND", " sudo  poweroff ")));
    assertThat(s.server().path()).isEqualTo("/x/NC");
    assertThat(s.hypervisor().uriFor("test")).isEqualTo("qemu:///embed?root=/r");
    assertThat(s.network().mode()).isEqualTo(NetworkMode.MANAGED_NOVLAN);
    assertThat(s.network().vxlan()).isTrue();
    assertThat(s.network().netnsPrefix()).containsExactly("ip", "netns", "exec", "n1");
    assertThat(s.keysDir()).isEqualTo(Path.of("/opt/euca/var/lib/eucalyptus/keys")); // under EUCALYPTUS
    assertThat(s.powerdownCommand()).containsExactly("sudo", "poweroff");
  }

  @Test
  void aBadValueIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("NC_PORT", "abc"))))
        .hasMessage("NC_PORT must be a port number 1-65535 (or 0: any free port), not 'abc'");
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("HYPERVISOR", "vmware"))))
        .hasMessage("HYPERVISOR must be auto, kvm, qemu, xen or test, not 'vmware'");
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("VNET_MODE", "VLAN"))))
        .hasMessageStartingWith("VNET_MODE must be SYSTEM, STATIC, MANAGED or MANAGED-NOVLAN");
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("VNET_SEGMENT", "gre"))))
        .hasMessage("VNET_SEGMENT must be vlan or vxlan, not 'gre'");
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("CONCURRENT_LAUNCHES", "0"))))
        .hasMessageStartingWith("CONCURRENT_LAUNCHES must be a whole number of at least 1");
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("MAX_MEM", "lots"))))
        .hasMessageStartingWith("MAX_MEM must be a whole number");
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("NC_MONITOR_MS", "0"))))
        .hasMessageStartingWith("NC_MONITOR_MS must be a whole number of at least 1");
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("HTTP_MAX_CONNECTIONS", "0"))))
        .hasMessageStartingWith("HTTP_MAX_CONNECTIONS must be greater than 0");
  }

  @Test
  void theIscsiModeIsQemuUnlessTheHostIsAsked() {
    assertThat(NodeSettings.from(EucaConf.of(Map.of())).iscsiMode()).isEqualTo(NodeSettings.IscsiMode.QEMU);
    assertThat(NodeSettings.from(EucaConf.of(Map.of("NC_ISCSI_MODE", "HOST"))).iscsiMode())
        .isEqualTo(NodeSettings.IscsiMode.HOST);
    assertThatThrownBy(() -> NodeSettings.from(EucaConf.of(Map.of("NC_ISCSI_MODE", "kernel"))))
        .hasMessage("NC_ISCSI_MODE must be qemu or host, not 'kernel'");
  }

  @Test
  void thePreflightOfTheHostIscsiModeAsksForTheKernelsInitiator() {
    Map<String, String> host = Map.of("HYPERVISOR", "test", "NC_ISCSI_MODE", "host", "INSTANCE_PATH",
        System.getProperty("java.io.tmpdir"));
    var problems = NodePreflight.problems(EucaConf.of(host));
    if (IscsiKernel.available()) {
      assertThat(problems).noneMatch(p -> p.contains("iSCSI initiator"));
    } else { // this machine's kernel (and CI's): no iscsi_tcp
      assertThat(problems).anyMatch(p -> p.startsWith("NC_ISCSI_MODE=host but this kernel has no iSCSI initiator"));
    }
    assertThat(NodePreflight.problems(EucaConf.of(Map.of("HYPERVISOR", "test", "INSTANCE_PATH",
        System.getProperty("java.io.tmpdir"))))).noneMatch(p -> p.contains("NC_ISCSI_MODE"));
  }

  @Test
  void thePreflightReportsABadSettingAsItsProblem() {
    assertThat(NodePreflight.problems(EucaConf.of(Map.of("VNET_MODE", "VLAN", "HYPERVISOR", "test"))))
        .singleElement().asString().startsWith("VNET_MODE must be");
  }
}
