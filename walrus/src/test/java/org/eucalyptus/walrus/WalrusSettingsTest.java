package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class WalrusSettingsTest {
  @Test
  void defaults() {
    WalrusSettings s = WalrusSettings.from(EucaConf.empty());
    assertThat(s.storageDir()).isEqualTo(Path.of("/var/lib/eucalyptus/bukkits"));
    assertThat(s.clockSkew()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.database()).isEqualTo(new WalrusSettings.Database(Optional.empty(), "", ""));
    assertThat(s.directIo()).isFalse();
    assertThat(s.imageCacheMb()).isEqualTo(30720);
    assertThat(s.domain()).isEmpty();
    assertThat(s.region()).isEqualTo("eucalyptus");
    assertThat(s.server().port()).isEqualTo(8773);
    assertThat(s.server().bindAddr()).isEqualTo("0.0.0.0");
    assertThat(s.server().rootPort()).isEmpty();
    assertThat(s.server().rootBindAddr()).isEqualTo("0.0.0.0");
    assertThat(s.keys().keysDir()).isEqualTo(Path.of("/var/lib/eucalyptus/keys"));
    assertThat(s.keys().database().url()).isEmpty();
  }

  @Test
  void readsWhatIsSet() {
    WalrusSettings s = WalrusSettings.from(EucaConf.of(Map.of("EUCALYPTUS", "/opt/euca", "CLC_BIND_ADDR", "10.0.0.2",
        "WALRUS_ROOT_PORT", "8780", "WALRUS_DIRECT_IO", "y", "WALRUS_KEYS_DB_URL", "jdbc:postgresql://clc/euca",
        "WALRUS_DB_URL", "jdbc:postgresql://db/walrus", "WALRUS_DB_USER", "w")));
    assertThat(s.storageDir()).isEqualTo(Path.of("/opt/euca/var/lib/eucalyptus/bukkits"));
    assertThat(s.keys().keysDir()).isEqualTo(Path.of("/opt/euca/var/lib/eucalyptus/keys"));
    assertThat(s.server().rootPort()).contains(8780);
    assertThat(s.server().rootBindAddr()).isEqualTo("10.0.0.2"); // the CLC's address when Walrus has none of its own
    assertThat(s.server().bindAddr()).isEqualTo("0.0.0.0");
    assertThat(s.directIo()).isTrue();
    assertThat(s.keys().database().url()).contains("jdbc:postgresql://clc/euca");
    assertThat(s.database()).isEqualTo(new WalrusSettings.Database(Optional.of("jdbc:postgresql://db/walrus"), "w", ""));
    // In the cloud's process the storage is under CLC_DATA_DIR unless WALRUS_STORAGE_DIR says otherwise.
    assertThat(WalrusSettings.from(EucaConf.empty(), "/data/bukkits").storageDir()).isEqualTo(Path.of("/data/bukkits"));
  }

  @Test
  void aBadValueIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> WalrusSettings.from(EucaConf.of(Map.of("WALRUS_ROOT_PORT", "s3"))))
        .hasMessage("WALRUS_ROOT_PORT must be a port number 1-65535 (or 0: any free port), not 's3'");
    assertThatThrownBy(() -> WalrusSettings.from(EucaConf.of(Map.of("WALRUS_DIRECT_IO", "true"))))
        .hasMessage("WALRUS_DIRECT_IO must be Y or N, not 'true'");
    assertThatThrownBy(() -> WalrusSettings.from(EucaConf.of(Map.of("WALRUS_IMAGE_CACHE_MB", "-5"))))
        .hasMessageStartingWith("WALRUS_IMAGE_CACHE_MB must be a whole number of at least 0");
    assertThatThrownBy(() -> WalrusSettings.from(EucaConf.of(Map.of("WALRUS_CLOCK_SKEW_SEC", "15m"))))
        .hasMessageStartingWith("WALRUS_CLOCK_SKEW_SEC must be a");
  }
}
