package org.eucalyptus.cc.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.net.MacAddresses;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SYSTEM mode's networking as the handlers see it, with nothing of the host (the other modes, which
 * need root and namespaces, are in ClusterNetworkSoapTest, ClusterNetworkPacketsTest and StaticModeTest).
 */
@UnitTest
class ClusterNetworkingTest {
  @TempDir Path state;

  static final LiveInstances NONE = new LiveInstances() {
    @Override
    public List<NetworkModel.InstanceNic> nics() {
      return List.of();
    }

    @Override
    public Set<String> privateIps() {
      return Set.of();
    }
  };

  ClusterNetworking system() {
    NetworkSettings s = NetworkSettings.from(EucaConf.of(Map.of("VNET_MODE", "SYSTEM", "VNET_MACPREFIX", "d0:0e")));
    return ClusterNetworking.open(new ClusterNetworking.Setup(s, List.of(), state, "", Duration.ofSeconds(30),
        Duration.ofSeconds(60)), NONE, null);
  }

  @Test
  void systemModeGivesInstancesWhatTheyAskedOrAMacFromTheirId() throws Exception {
    try (ClusterNetworking n = system()) {
      LaunchNetwork launch = n.launch(null, 2, List.of());
      assertThat(launch.nic(0, "i-1A2B3C4D", null, null, null))
          .isEqualTo(new LaunchNic(MacAddresses.forInstance("d0:0e", "i-1A2B3C4D"), null, null, null, null));
      assertThat(launch.nic(1, "i-1A2B3C4E", "d0:0d:aa:bb:cc:dd", 7, 12))
          .isEqualTo(new LaunchNic("d0:0d:aa:bb:cc:dd", null, null, 7, 12));
      launch.release();
    }
  }

  @Test
  void systemModeRefusesAddressesAndHasNoGroupNetworks() throws Exception {
    try (ClusterNetworking n = system()) {
      n.startNetwork(10, "111122223333", "web"); // accepted: the one flat network is always there
      n.configure("111122223333", List.of());
      assertThatThrownBy(() -> n.assignAddress("10.99.0.50", "10.10.1.9")).isInstanceOfSatisfying(NetworkRefusal.class,
          e -> assertThat(e.reason()).isEqualTo(NetworkRefusal.Reason.NOT_IN_THIS_MODE))
          .hasMessage("AssignAddress needs VNET_MODE MANAGED or MANAGED-NOVLAN");
      assertThatThrownBy(() -> n.unassignAddress("10.99.0.50")).isInstanceOf(NetworkRefusal.class)
          .hasMessage("UnassignAddress needs VNET_MODE MANAGED or MANAGED-NOVLAN");
      assertThat(n.publicAddresses()).isEmpty();
      NetworkDescription d = n.describe();
      assertThat(d.settings().mode()).isEqualTo(org.eucalyptus.common.net.NetworkMode.SYSTEM);
      assertThat(d.vlans()).isFalse();
      assertThat(d.plan()).isEmpty();
      assertThat(d.active()).isEmpty();
    }
  }
}
