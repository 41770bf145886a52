package org.eucalyptus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench/ebs's disks hold real bytes and are read from the storage, not from the host's page cache. */
@UnitTest
class BenchDiskDataTest {
  private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(30));
  private final BenchDiskData data = new BenchDiskData(runner);

  @Test
  void fillsHeaderAndNonZeroBytesPastTheFirstMib(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("disk");
    data.fill(f, 3);
    byte[] all = Files.readAllBytes(f);
    assertThat(all).hasSize(4 * BenchDiskData.MIB);
    assertThat(new String(all, 0, 16, StandardCharsets.US_ASCII)).isEqualTo("EUCA-BENCH-00003");
    int zeros = 0;
    for (int i = BenchDiskData.MIB; i < all.length; i++) {
      zeros += all[i] == 0 ? 1 : 0;
    }
    assertThat(zeros).isLessThan(all.length / 200); // a pattern, not a hole a sparse file answers with zeros
  }

  @Test
  void dropsTheFileFromThePageCache(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("disk");
    data.fill(f, 8);
    assertThat(residentBytes(f)).as("just written, the file is in the page cache").isPositive();
    data.dropFromPageCache(f);
    assertThat(residentBytes(f)).isZero();
  }

  private long residentBytes(Path f) throws Exception {
    return Long.parseLong(runner.run("fincore", "--bytes", "--noheadings", "--output", "RES", f.toString())
        .stdout().strip());
  }
}
