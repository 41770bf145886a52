package org.eucalyptus.cc;

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
class ClusterSettingsTest {
  @Test
  void defaults() {
    ClusterSettings s = ClusterSettings.from(EucaConf.empty());
    assertThat(s.server().port()).isEqualTo(8774);
    assertThat(s.server().bindAddr()).isEqualTo("0.0.0.0");
    assertThat(s.nodes()).isEqualTo(new ClusterSettings.Nodes(List.of(), 8775, "axis2/services/EucalyptusNC"));
    assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/eucalyptus/CC"));
    assertThat(s.keysDir()).isEqualTo(Path.of("/var/lib/eucalyptus/keys"));
    assertThat(s.schedulingPolicy()).isEqualTo("ROUNDROBIN");
    assertThat(s.periods()).isEqualTo(new ClusterSettings.Periods(Duration.ofSeconds(6), Duration.ofSeconds(300),
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(15)));
    assertThat(s.network().mode()).isEqualTo(NetworkMode.SYSTEM);
    assertThat(s.network().metadataTarget()).isEqualTo("127.0.0.1:8773");
    assertThat(s.networkHost()).isEqualTo(new ClusterSettings.NetworkHost("", List.of()));
  }

  @Test
  void readsWhatIsSetWithTheDirectoriesUnderEucalyptus() {
    ClusterSettings s = ClusterSettings.from(EucaConf.of(Map.of("EUCALYPTUS", "/opt/euca", "NODES",
        " 10.0.0.5  10.0.0.6:9000 ", "NC_PORT", "8000", "NC_SERVICE", "/x/NC", "CC_NETNS", "cc1",
        "VNET_LOCALIP", "10.0.0.1", "SCHEDPOLICY", "greedy")));
    assertThat(s.stateDir()).isEqualTo(Path.of("/opt/euca/var/lib/eucalyptus/CC"));
    assertThat(s.keysDir()).isEqualTo(Path.of("/opt/euca/var/lib/eucalyptus/keys"));
    assertThat(s.nodes()).isEqualTo(new ClusterSettings.Nodes(List.of("10.0.0.5", "10.0.0.6:9000"), 8000, "x/NC"));
    assertThat(s.networkHost()).isEqualTo(new ClusterSettings.NetworkHost("10.0.0.1",
        List.of("ip", "netns", "exec", "cc1")));
    assertThat(s.schedulingPolicy()).isEqualTo("greedy");
    assertThat(ClusterSettings.from(EucaConf.of(Map.of("CC_NODE_TIMEOUT_SEC", "4"))).periods().nodeTimeout())
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aBadValueIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("CC_PORT", "abc"))))
        .hasMessage("CC_PORT must be a port number 1-65535 (or 0: any free port), not 'abc'");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("SCHEDPOLICY", "RANDOM"))))
        .hasMessageStartingWith("SCHEDPOLICY must be GREEDY, ROUNDROBIN or POWERSAVE");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("NC_POLLING_FREQUENCY", "0"))))
        .hasMessageStartingWith("NC_POLLING_FREQUENCY must be a whole number of at least 1");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("CC_NODE_TIMEOUT_SEC", "1"))))
        .hasMessageStartingWith("CC_NODE_TIMEOUT_SEC must be a whole number of at least 2");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("VNET_SUBNET", "10.0.0"))))
        .hasMessage("VNET_SUBNET: '10.0.0' is not an IPv4 address");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("VNET_PUBLICIPS", "1.2.3.4 five"))))
        .hasMessageStartingWith("VNET_PUBLICIPS: ");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("VNET_MACPREFIX", "xx"))))
        .hasMessageStartingWith("VNET_MACPREFIX: ");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("VNET_SEGMENT", "gre"))))
        .hasMessage("VNET_SEGMENT must be vlan or vxlan, not 'gre'");
    assertThatThrownBy(() -> ClusterSettings.from(EucaConf.of(Map.of("NC_PORT", "-1"))))
        .hasMessageStartingWith("NC_PORT must be a port number");
  }

  @Test
  void thePreflightReportsABadSettingAsItsProblem() {
    assertThat(ClusterPreflight.problems(EucaConf.of(Map.of("VNET_MODE", "VLAN"))))
        .singleElement().asString().startsWith("VNET_MODE must be");
  }
}
