package org.eucalyptus.sc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class ScSettingsTest {
  @Test
  void defaultsLiveUnderEucalyptus() {
    ScSettings s = ScSettings.from(EucaConf.of(Map.of("EUCALYPTUS", "/opt/euca", "SC_ISCSI_PORTAL", "10.1.2.3")));
    assertThat(s.server().port()).isEqualTo(8776);
    assertThat(s.volumesDir()).isEqualTo(Path.of("/opt/euca/var/lib/eucalyptus/volumes"));
    assertThat(s.backend().kind()).isEqualTo("files");
    assertThat(s.backend().reserveBytes()).isEqualTo(1L << 30);
    assertThat(s.iscsi().portal()).isEqualTo("10.1.2.3:3260");
    assertThat(s.iscsi().controlPort()).isZero();
    assertThat(s.iscsi().startTgtd()).isFalse();
    assertThat(s.database().url()).startsWith("jdbc:h2:retry:/opt/euca/var/lib/eucalyptus/volumes/db/sc;");
    assertThat(s.walrusUrl()).isEmpty();
  }

  @Test
  void theDefaultPortalIsAnAddressOfThisHost() {
    assertThat(ScSettings.from(EucaConf.empty()).iscsi().portalPort()).isEqualTo(3260);
    assertThat(ScSettings.from(EucaConf.empty()).iscsi().portalHost()).isNotBlank();
  }

  @Test
  void badValuesAreRefusedNamingTheirKey() {
    assertThatThrownBy(() -> ScSettings.from(EucaConf.of(Map.of("SC_BACKEND", "zfs"))))
        .hasMessageContaining("SC_BACKEND");
    assertThatThrownBy(() -> ScSettings.from(EucaConf.of(Map.of("SC_VOLUMES_RESERVE_MB", "-1"))))
        .hasMessageContaining("SC_VOLUMES_RESERVE_MB");
    assertThatThrownBy(() -> ScSettings.from(EucaConf.of(Map.of("SC_BACKEND", "lvm"))))
        .hasMessageContaining("SC_VOLUME_GROUP");
    assertThatThrownBy(() -> ScSettings.from(EucaConf.of(Map.of("SC_ISCSI_PORTAL", "host:99999"))))
        .hasMessageContaining("SC_ISCSI_PORTAL");
    assertThatThrownBy(() -> ScSettings.from(EucaConf.of(Map.of("SC_START_TGTD", "maybe"))))
        .hasMessageContaining("SC_START_TGTD");
    assertThatThrownBy(() -> ScSettings.from(EucaConf.of(Map.of("WALRUS_URL", "ftp://x/services/Walrus"))))
        .hasMessageContaining("WALRUS_URL");
    assertThat(ScSettings.from(EucaConf.of(Map.of("SC_DB_PASSWORD", "sekrit"))).database().toString())
        .doesNotContain("sekrit");
  }
}
