package org.eucalyptus.nc.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.nc.hypervisor.DomainSpec;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance's disks made with the real tools: the root overlay on this thread, the ephemeral ext2
 * and the swap disk beside it on the executor given, all three in the guest's order; a root overlay
 * that cannot be made fails the build once the other two have ended.
 */
@IntegrationTest
class InstanceDisksTest {
  @TempDir Path tmp;
  final InstanceDisks disks = new InstanceDisks(new CommandRunner(Duration.ofMinutes(1)));

  @Test
  void theEphemeralAndSwapDisksAreMadeBesideTheRoot() throws Exception {
    Path image = Files.write(tmp.resolve("image.img"), new byte[1 << 20]);
    Path work = Files.createDirectories(tmp.resolve("i-1"));
    AtomicInteger beside = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<DomainSpec.Disk> made = disks.build(work, image, 1, r -> {
        beside.incrementAndGet();
        pool.execute(r);
      });
      assertThat(made).extracting(DomainSpec.Disk::targetDev).containsExactly("vda", "vdb", "vdc");
      assertThat(made).extracting(DomainSpec.Disk::format).containsExactly("qcow2", "raw", "raw");
      assertThat(beside).hasValue(2);
      // What the tools wrote: ext2's magic in the ephemeral disk's superblock, swap's signature at the end of its first page.
      assertThat(read(work.resolve("ephemeral.img"), 1080, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff)
          .isEqualTo(0xEF53);
      assertThat(StandardCharsets.US_ASCII.decode(read(work.resolve("swap.img"), 4086, 10)).toString())
          .isEqualTo("SWAPSPACE2");
      assertThat(Files.readString(work.resolve("root.qcow2"), StandardCharsets.ISO_8859_1)).startsWith("QFI");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRootThatCannotBeMadeFailsTheBuildAfterTheOthersEnd() throws Exception {
    Path image = Files.createDirectories(tmp.resolve("not-an-image")); // qemu-img cannot back an overlay on it
    Path work = Files.createDirectories(tmp.resolve("i-2"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      assertThatThrownBy(() -> disks.build(work, image, 1, pool)).isInstanceOf(CommandRunner.CommandException.class)
          .hasMessageContaining("qemu-img");
      // The ephemeral and swap disks were finished, not left half-made by a thread still running.
      assertThat(work.resolve("swap.img")).exists();
    } finally {
      pool.shutdownNow();
    }
  }

  private static ByteBuffer read(Path file, long at, int n) throws Exception {
    try (FileChannel c = FileChannel.open(file)) {
      ByteBuffer b = ByteBuffer.allocate(n);
      c.read(b, at);
      return b.flip();
    }
  }
}
