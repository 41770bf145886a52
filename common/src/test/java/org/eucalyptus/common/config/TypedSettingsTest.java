package org.eucalyptus.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed getters the settings readers use, and where the settings come from (ComponentArgs). */
@UnitTest
class TypedSettingsTest {
  @Test
  void aBadValueIsRefusedNamingItsKey() {
    EucaConf c = EucaConf.of(Map.of("NC_PORT", "abc", "CC_PORT", "70000", "CONCURRENT_LAUNCHES", "0",
        "WALRUS_DIRECT_IO", "yes", "CC_NETWORK_IDLE_SEC", "-1"));
    assertThatThrownBy(() -> c.port("NC_PORT", 8775))
        .hasMessage("NC_PORT must be a port number 1-65535 (or 0: any free port), not 'abc'");
    assertThatThrownBy(() -> c.port("CC_PORT", 8774)).hasMessageStartingWith("CC_PORT must be a port number");
    assertThatThrownBy(() -> c.intAtLeast("CONCURRENT_LAUNCHES", 8, 1))
        .hasMessage("CONCURRENT_LAUNCHES must be a whole number of at least 1, not '0'");
    assertThatThrownBy(() -> c.yesNo("WALRUS_DIRECT_IO", false)).hasMessage("WALRUS_DIRECT_IO must be Y or N, not 'yes'");
    assertThatThrownBy(() -> c.seconds("CC_NETWORK_IDLE_SEC", 30, 0))
        .hasMessage("CC_NETWORK_IDLE_SEC must be a whole number of at least 0, not '-1'");
  }

  @Test
  void unsetOrEmptyKeysTakeTheDefault() {
    EucaConf c = EucaConf.of(Map.of("NC_PORT", "", "WALRUS_ENABLED", "n", "CC_NETNS", "ns1"));
    assertThat(c.port("NC_PORT", 8775)).isEqualTo(8775);
    assertThat(c.optionalPort("WALRUS_ROOT_PORT")).isEmpty();
    assertThat(c.port("CC_PORT", 0)).isZero();
    assertThat(c.seconds("CC_NETWORK_IDLE_SEC", 30, 0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.yesNo("WALRUS_ENABLED", true)).isFalse();
    assertThat(c.yesNo("WALRUS_DIRECT_IO", false)).isFalse();
    assertThat(c.home()).isEqualTo("/");
    assertThat(c.netnsPrefix("CC_NETNS")).containsExactly("ip", "netns", "exec", "ns1");
    assertThat(c.netnsPrefix("NC_NETNS")).isEmpty();
  }

  @Test
  void aWatchedConfTellsEveryKeyLookedUp() {
    List<String> read = new ArrayList<>();
    EucaConf c = EucaConf.of(Map.of("A", "1")).watched(read::add);
    c.get("A");
    c.with("B", "2").port("B", 0);
    assertThat(read).containsExactly("A", "B");
  }

  @Test
  void setBeatsTheFileAndTheEnvironmentOnlyFindsTheFile(@TempDir Path home) throws Exception {
    Path conf = home.resolve("etc/eucalyptus/eucalyptus.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, "CC_PORT=\"9001\"\nNC_PORT=\"9002\"\n");
    Map<String, String> env = Map.of("EUCALYPTUS", home.toString());

    EucaConf found = ComponentArgs.parse(new String[] {"--set", "NC_PORT=9003"}, env);
    assertThat(found.port("CC_PORT", 8774)).isEqualTo(9001); // the file under $EUCALYPTUS
    assertThat(found.port("NC_PORT", 8775)).isEqualTo(9003); // --set over the file
    // $EUCALYPTUS finds the file; the EUCALYPTUS key (the root of the default directories) is the file's or --set's.
    assertThat(found.home()).isEqualTo("/");
    assertThat(ComponentArgs.parse(new String[] {"--set", "EUCALYPTUS=" + home}, env).home()).isEqualTo(home.toString());

    Path other = home.resolve("other.conf");
    Files.writeString(other, "CC_PORT=\"9004\"\n");
    assertThat(ComponentArgs.parse(new String[] {"--conf", other.toString()}, env).port("CC_PORT", 8774))
        .isEqualTo(9004); // --conf over $EUCALYPTUS's file
    assertThat(ComponentArgs.parse(new String[0], Map.of("EUCALYPTUS", home.resolve("none").toString()))
        .port("CC_PORT", 8774)).isEqualTo(8774); // no file: the defaults
  }
}
