package org.eucalyptus.sc.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@UnitTest
class FileVolumesTest {
  @TempDir Path dir;

  private FileVolumes open() throws IOException {
    return new FileVolumes(dir, (id, source, quiesce) -> {
      throw new IOException("not here");
    });
  }

  @Test
  void volumesAreSparseFilesNamedByTheirIds() throws Exception {
    FileVolumes v = open();
    Path p = v.create("vol-00000001", 1L << 30);
    assertThat(p).isEqualTo(dir.resolve("vol-00000001"));
    assertThat(Files.size(p)).isEqualTo(1L << 30);
    Process stat = new ProcessBuilder("stat", "-c", "%b", p.toString()).start();
    assertThat(Long.parseLong(new String(stat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
        .strip())).as("blocks in use: sparse").isLessThan(1024L);
    assertThat(v.create("vol-00000001", 1L << 30)).isEqualTo(p); // again: the same
    assertThat(v.list()).containsExactly("vol-00000001");
    assertThat(v.path("vol-00000001")).contains(p);
    v.delete("vol-00000001");
    v.delete("vol-00000001");
    assertThat(v.list()).isEmpty();
    assertThat(v.path("vol-00000001")).isEmpty();
  }

  @Test
  void halfMadeVolumesFromACrashGoAndIdsNeverLeaveTheDirectory() throws IOException {
    Files.write(dir.resolve(".making-vol-00000002"), new byte[10]);
    Files.write(dir.resolve("unrelated"), new byte[10]);
    FileVolumes v = open();
    assertThat(dir.resolve(".making-vol-00000002")).doesNotExist();
    assertThat(v.list()).isEmpty();
    assertThatThrownBy(() -> v.create("../etc", 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
