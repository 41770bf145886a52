package org.eucalyptus.sc.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SC's own tgtd: refused where another tgtd holds its control port, which tgtadm would reach instead. */
@RootTest
class TgtDaemonTest {
  static final int CONTROL_PORT = 7114;
  @TempDir Path tmp;

  @Test
  void aPortAnotherTgtdHoldsIsRefused() throws Exception {
    HostParts.requireRootAnd("tgtd", "tgtadm");
    TgtAdmin admin = new TgtAdmin(new CommandRunner(Duration.ofSeconds(10)), CONTROL_PORT);
    TgtDaemon first = TgtDaemon.start(CONTROL_PORT, "127.0.0.1:13314", admin, tmp.resolve("1.log"),
        tmp.resolve("1.pid"), Duration.ofSeconds(20));
    try {
      assertThat(admin.answers()).isTrue();
      assertThatThrownBy(() -> TgtDaemon.start(CONTROL_PORT, "127.0.0.1:13315", admin, tmp.resolve("2.log"),
          tmp.resolve("2.pid"), Duration.ofSeconds(20))).hasMessageContaining("already answers on control port");
    } finally {
      first.close();
    }
    assertThat(admin.answers()).isFalse();
  }
}
