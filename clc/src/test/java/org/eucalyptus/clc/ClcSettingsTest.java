package org.eucalyptus.clc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class ClcSettingsTest {
  @Test
  void defaults() {
    ClcSettings s = ClcSettings.from(EucaConf.empty());
    assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/eucalyptus"));
    assertThat(s.region()).isEqualTo("eucalyptus");
    assertThat(s.server().port()).isEqualTo(8773);
    assertThat(s.server().bindAddr()).isEqualTo("0.0.0.0");
    assertThat(s.server().publicHost()).isEqualTo("127.0.0.1");
    assertThat(s.database().jdbcUrl()).startsWith("jdbc:h2:retry:/var/lib/eucalyptus/db/eucalyptus;");
    assertThat(s.database().maxConnections()).isEqualTo(16);
    assertThat(s.properties()).isEqualTo(new ClcSettings.PropertyDefaults(900, 60, 300, "d0:0d"));
    assertThat(s.clusters()).isEmpty();
    assertThat(s.walrusUrl()).isEmpty();
    assertThat(s.walrusEnabled()).isTrue();
    assertThat(s.enrollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.https()).isEqualTo(new ClcSettings.Https(true, 8443, java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.List.of("127.0.0.1", "localhost"), false));
  }

  @Test
  void theHttpsTwinFollowsThePlainPortAndTakesTheOperatorsCertificateWithItsKeyOnly() {
    ClcSettings.Https h = ClcSettings.from(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_PUBLIC_HOST", "cloud.example",
        "CLC_HTTPS_NAMES", " 10.1.1.1 ,front.example,", "CLC_HTTPS_CERT", "/etc/euca/chain.pem",
        "CLC_HTTPS_KEY", "/etc/euca/key.pem", "CLC_EUCARC_HTTPS", "Y"))).https();
    assertThat(h.port()).isZero(); // a cloud on any free port has its HTTPS twin on another
    assertThat(h.names()).containsExactly("cloud.example", "localhost", "127.0.0.1", "10.1.1.1", "front.example");
    assertThat(h.certFile()).contains(Path.of("/etc/euca/chain.pem"));
    assertThat(h.keyFile()).contains(Path.of("/etc/euca/key.pem"));
    assertThat(h.eucarc()).isTrue();
    assertThat(ClcSettings.from(EucaConf.of(Map.of("CLC_HTTPS_PORT", "9443", "CLC_HTTPS_ENABLED", "N"))).https())
        .extracting(ClcSettings.Https::port, ClcSettings.Https::enabled).containsExactly(9443, false);
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_HTTPS_CERT", "/etc/euca/chain.pem"))))
        .hasMessageContaining("CLC_HTTPS_CERT and CLC_HTTPS_KEY go together");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_HTTPS_NAMES", "a.example, b c"))))
        .hasMessageContaining("CLC_HTTPS_NAMES").hasMessageContaining("'b c'");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_HTTPS_NAMES", "cloud.example:8443"))))
        .hasMessageContaining("CLC_HTTPS_NAMES").hasMessageContaining("'cloud.example:8443'");
    assertThat(ClcSettings.from(EucaConf.of(Map.of("CLC_HTTPS_NAMES", "fd00::5, *.cloud.example"))).https().names())
        .contains("fd00::5", "*.cloud.example");
  }

  @Test
  void readsWhatIsSetWithTheDataUnderEucalyptus() {
    ClcSettings s = ClcSettings.from(EucaConf.of(Map.of("EUCALYPTUS", "/opt/euca/", "CLC_CLUSTERS",
        "c1=10.0.0.2:8774 c2=10.0.0.3:9000", "WALRUS_URL", "http://w:8773/services/Walrus", "WALRUS_ENABLED", "N",
        "CLC_DB_URL", "jdbc:postgresql://db/euca", "CLC_DB_POOL", "4", "VNET_MACPREFIX", "D0:0E")));
    assertThat(s.dataDir()).isEqualTo(Path.of("/opt/euca/var/lib/eucalyptus"));
    assertThat(s.clusters()).containsExactly(new ClcSettings.ClusterAddress("c1", "10.0.0.2", 8774),
        new ClcSettings.ClusterAddress("c2", "10.0.0.3", 9000));
    assertThat(s.walrusUrl()).contains(URI.create("http://w:8773/services/Walrus"));
    assertThat(s.walrusEnabled()).isFalse();
    assertThat(s.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db/euca");
    assertThat(s.database().maxConnections()).isEqualTo(4);
    assertThat(s.properties().macPrefix()).isEqualTo("D0:0E"); // as written: the MAC rule lowers it
  }

  @Test
  void aBadValueIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_PORT", "abc"))))
        .hasMessage("CLC_PORT must be a port number 1-65535 (or 0: any free port), not 'abc'");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_CLOCK_SKEW_SEC", "0"))))
        .hasMessageStartingWith("CLC_CLOCK_SKEW_SEC must be a whole number of at least 1");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_TERMINATED_VISIBLE_MIN", "1h"))))
        .hasMessageStartingWith("CLC_TERMINATED_VISIBLE_MIN must be a whole number");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("VNET_MACPREFIX", "d0"))))
        .hasMessageStartingWith("VNET_MACPREFIX: ");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("WALRUS_URL", "http://a b/"))))
        .hasMessageStartingWith("WALRUS_URL must be a URL");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_CLUSTERS", "c1=host"))))
        .hasMessageStartingWith("CLC_CLUSTERS entries look like");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("WALRUS_ENABLED", "no"))))
        .hasMessage("WALRUS_ENABLED must be Y or N, not 'no'");
    assertThatThrownBy(() -> ClcSettings.from(EucaConf.of(Map.of("CLC_DB_URL", "jdbc:h2:mem:x", "CLC_DB_POOL", "0"))))
        .hasMessageStartingWith("CLC_DB_POOL must be a whole number of at least 1");
  }
}
