package org.eucalyptus.sc.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.sc.store.Export;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.testfixtures.TestTgtd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the storage controller does for a volume's throughput, on a real tgtd: the login parameters
 * it sets on each target (read back with {@code tgtadm --op show}), and its own tgtd reusing its data
 * buffers while QEMU's iSCSI initiator reads a volume through a CHAP login of an export.
 */
@RootTest
class TgtTuningTest {
  private static final CommandRunner COMMANDS = new CommandRunner(Duration.ofMinutes(2));
  private static final long MIB = 1 << 20;
  @TempDir Path tmp;

  @BeforeEach
  void parts() {
    HostParts.requireRootAnd("tgtd", "tgtadm");
  }

  @Test
  void anExportsTargetOffersOurLoginParameters() throws Exception {
    try (TestTgtd tgtd = TestTgtd.start(7360, 13560, tmp.resolve("tgtd.log"))) {
      TgtAdmin admin = new TgtAdmin(COMMANDS, tgtd.controlPort());
      Exports exports = new Exports(admin, new TgtQuiesce(COMMANDS, tgtd.controlPort()), "sc-tuning");
      Path volume = sparse("vol-1", 64);
      exports.apply(exports.newLogin("vol-1", "i-1", Optional.of("127.0.0.1")), volume);

      Map<String, String> shown = showParams(tgtd, 1);
      assertThat(shown).containsAllEntriesOf(Map.of("MaxRecvDataSegmentLength", "262144",
          "MaxXmitDataSegmentLength", "262144", "FirstBurstLength", "262144", "MaxBurstLength", "1048576",
          "InitialR2T", "No", "ImmediateData", "Yes"));
      assertThat(admin.targetParams(1)).isEqualTo(shown);
    }
  }

  @Test
  void reconcileGivesOurParametersToATargetMadeWithTgtsDefaults() throws Exception {
    try (TestTgtd tgtd = TestTgtd.start(7361, 13561, tmp.resolve("tgtd.log"))) {
      TgtAdmin admin = new TgtAdmin(COMMANDS, tgtd.controlPort());
      Exports exports = new Exports(admin, new TgtQuiesce(COMMANDS, tgtd.controlPort()), "sc-tuning");
      Path volume = sparse("vol-2", 64);
      tgtd.export(1, exports.iqn("vol-2"), volume); // as an earlier storage controller made it
      assertThat(showParams(tgtd, 1)).containsEntry("MaxRecvDataSegmentLength", "8192")
          .containsEntry("InitialR2T", "Yes");

      Export e = exports.newLogin("vol-2", "i-2", Optional.empty());
      exports.reconcile(List.of(e), id -> Optional.of(volume));

      assertThat(showParams(tgtd, 1)).containsEntry("MaxRecvDataSegmentLength", "262144")
          .containsEntry("MaxXmitDataSegmentLength", "262144").containsEntry("InitialR2T", "No");
    }
  }

  /**
   * tgtd takes a buffer for each command's data; mapped afresh each time, every page of every 1 MiB
   * read was faulted in anew (256 a MiB). The SC's tgtd reuses them: a small fraction of that.
   */
  @Test
  void theScsTgtdReusesItsDataBuffers() throws Exception {
    HostParts.requireRootAnd("qemu-img");
    if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so"))
        && !Files.exists(Path.of("/usr/lib/qemu/block-iscsi.so"))) {
      HostParts.skip("QEMU's iSCSI initiator is missing (apt-get install qemu-block-extra)");
    }
    CommandRunner commands = new CommandRunner(Duration.ofMinutes(2));
    TgtAdmin admin = new TgtAdmin(commands, 7362);
    try (TgtDaemon tgtd = TgtDaemon.start(7362, "127.0.0.1:13562", admin, tmp.resolve("tgtd.log"),
        tmp.resolve("tgtd.pid"),
        Duration.ofSeconds(20))) {
      Exports exports = new Exports(admin, new TgtQuiesce(commands, 7362), "sc-tuning");
      Path volume = sparse("vol-3", 128);
      Export e = exports.newLogin("vol-3", "i-3", Optional.empty());
      exports.apply(e, volume);
      String url = "iscsi://" + e.chapUser() + "%" + e.chapPassword() + "@127.0.0.1:13562/" + exports.iqn("vol-3")
          + "/1";

      long before = minorFaults(tgtd.pid());
      commands.run(List.of("qemu-img", "dd", "-f", "raw", "-O", "raw", "bs=1M", "count=128", "if=" + url,
          "of=" + tmp.resolve("copy")), null);
      long faults = minorFaults(tgtd.pid()) - before;

      long pagesRead = 128 * MIB / 4096;
      assertThat(faults).as("tgtd's page faults reading 128 MiB (%d pages)", pagesRead).isLessThan(pagesRead / 4);
    }
  }

  private Path sparse(String name, long mib) throws Exception {
    Path p = tmp.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(mib * MIB);
    }
    return p;
  }

  private static Map<String, String> showParams(TestTgtd tgtd, int tid) throws Exception {
    String out = tgtd.tgtadm("--op", "show", "--mode", "target", "--tid", "" + tid);
    Map<String, String> params = new java.util.LinkedHashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> params.put(l.substring(0, l.indexOf('=')),
        l.substring(l.indexOf('=') + 1)));
    return params;
  }

  /** A process's minor page faults so far ({@code /proc/<pid>/stat}, the 10th field). */
  private static long minorFaults(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[7]);
  }
}
