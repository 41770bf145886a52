package org.eucalyptus.cc.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rendered firewall is what the kernel takes: loaded with iptables-restore into a fresh network
 * namespace (standing in for the cluster controller's host), read back with iptables-save, and
 * loaded again without change. Needs root and iptables.
 */
class IptablesLoadTest {
  final CommandRunner commands = new CommandRunner(Duration.ofSeconds(20));
  final String ns = "euca-cc-" + Long.toHexString(System.nanoTime() & 0xffffff);

  @BeforeEach
  void namespace() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))
        || commands.runAllowingFailure(List.of("sh", "-c", "command -v iptables-restore"), null).exitStatus() != 0) {
      String why = "root and iptables are needed (apt-get install iptables)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    commands.run("ip", "netns", "add", ns);
  }

  @AfterEach
  void remove() throws Exception {
    commands.runAllowingFailure(List.of("ip", "netns", "del", ns), null);
  }

  @Test
  void theRenderedRulesLoadAndReloadUnchanged() throws Exception {
    NetworkSettings s = NetworkPlanTest.managed();
    String rules = IptablesRules.render(s, new AddressPlan(s), NetworkPlanTest.twoGroups());
    commands.run(List.of("ip", "netns", "exec", ns, "iptables-restore", "--test"), rules);
    commands.run(List.of("ip", "netns", "exec", ns, "iptables-restore"), rules);
    String saved = commands.run("ip", "netns", "exec", ns, "iptables-save").stdout();
    String web = IptablesRules.chain("111122223333", "web");
    assertThat(saved).contains(":FORWARD DROP").contains("-A FORWARD -d 10.10.1.0/27 -j " + web)
        .contains("-A " + web + " -d 10.10.1.0/27 -p tcp -m tcp --dport 80 -j ACCEPT")
        .contains("-A PREROUTING -d 198.51.100.10/32 -j DNAT --to-destination 10.10.1.9");
    commands.run(List.of("ip", "netns", "exec", ns, "iptables-restore"), rules);
    assertThat(strip(commands.run("ip", "netns", "exec", ns, "iptables-save").stdout())).isEqualTo(strip(saved));
    // An empty model leaves the default-drop forwarding and the metadata redirect only.
    commands.run(List.of("ip", "netns", "exec", ns, "iptables-restore"),
        IptablesRules.render(s, new AddressPlan(s), NetworkModel.empty()));
    assertThat(commands.run("ip", "netns", "exec", ns, "iptables-save").stdout()).doesNotContain(web)
        .doesNotContain("198.51.100.10").contains("169.254.169.254");
  }

  /** iptables-save's comments carry the time it ran. */
  private static String strip(String saved) {
    return saved.replaceAll("(?m)^#.*\\n", "");
  }
}
