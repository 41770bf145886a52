package org.eucalyptus.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests' own tgtd: it exports with and without a CHAP account, and refuses a control port another tgtd holds. */
@RootTest
class TestTgtdTest {
  static final int CONTROL_PORT = 7370;
  static final int ISCSI_PORT = 13570;
  @TempDir Path tmp;

  @Test
  void exportsAndIsGoneWhenClosed() throws Exception {
    Path file = tmp.resolve("vol");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(1 << 20);
    }
    try (TestTgtd tgtd = TestTgtd.start(CONTROL_PORT, ISCSI_PORT, tmp.resolve("tgtd.log"))) {
      assertThat(tgtd.show()).isBlank();
      assertThat(tgtd.export(1, "iqn.2026-12.org.eucalyptus.test:open", file))
          .isEqualTo("iscsi://127.0.0.1:" + ISCSI_PORT + "/iqn.2026-12.org.eucalyptus.test:open/1");
      tgtd.export(2, "iqn.2026-12.org.eucalyptus.test:chap", file, Optional.of(new TestTgtd.Chap("u1", "p1-secret")));
      String show = tgtd.show();
      assertThat(show).contains("iqn.2026-12.org.eucalyptus.test:open", "iqn.2026-12.org.eucalyptus.test:chap",
          "Backing store path: " + file);
      assertThat(show.substring(show.indexOf("Target 2:"))).contains("Account information:", "u1");
      assertThatThrownBy(() -> tgtd.tgtadm("--op", "new", "--mode", "target", "--tid", "1", "-T", "iqn.x:y"))
          .hasMessageContaining("failed");
    }
    // ended by SIGKILL though it had targets: the port is free for the next one
    try (TestTgtd again = TestTgtd.start(CONTROL_PORT, ISCSI_PORT, tmp.resolve("again.log"))) {
      assertThat(again.show()).isBlank();
    }
  }

  @Test
  void aControlPortAnotherTgtdAnswersOnIsRefused() throws Exception {
    try (TestTgtd first = TestTgtd.start(CONTROL_PORT + 1, ISCSI_PORT + 1, tmp.resolve("1.log"))) {
      assertThatThrownBy(() -> TestTgtd.start(CONTROL_PORT + 1, ISCSI_PORT + 2, tmp.resolve("2.log")))
          .hasMessageContaining("another tgtd answers on control port " + (CONTROL_PORT + 1));
      assertThat(first.show()).isBlank();
    }
  }
}
