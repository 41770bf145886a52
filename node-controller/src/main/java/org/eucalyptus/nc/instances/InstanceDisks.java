package org.eucalyptus.nc.instances;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.nc.hypervisor.DomainSpec;

/**
 * An instance's disks in its work directory, built from the image cache without copying the image:
 * the root is a qcow2 overlay whose backing file is the cached image (the guest's writes stay in
 * the overlay), and, as the VM type's disk allows, an ext2 ephemeral disk and a swap disk, both
 * sparse files that use no space until written.
 */
public final class InstanceDisks {
  /** Swap per instance, as Eucalyptus 3.1 gave. */
  static final long SWAP_MB = 512;

  private final CommandRunner commands;

  public InstanceDisks(CommandRunner commands) {
    this.commands = commands;
  }

  /**
   * Builds the disks for an instance whose root image (raw) is {@code image}; returns them in guest
   * order (vda root, then vdb ephemeral and vdc swap when they fit in {@code diskGb}).
   */
  public List<DomainSpec.Disk> build(Path workDir, Path image, int diskGb) throws CommandRunner.CommandException,
      IOException {
    List<DomainSpec.Disk> disks = new ArrayList<>();
    Path root = workDir.resolve("root.qcow2");
    Files.deleteIfExists(root);
    commands.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", image.toAbsolutePath().toString(),
        root.toString());
    disks.add(new DomainSpec.Disk(root, "qcow2", "vda", false));
    long imageMb = (Files.size(image) + (1 << 20) - 1) >> 20;
    long leftMb = diskGb * 1024L - imageMb;
    if (leftMb >= SWAP_MB + 64) {
      Path ephemeral = workDir.resolve("ephemeral.img");
      sparse(ephemeral, (leftMb - SWAP_MB) << 20);
      commands.run("mke2fs", "-q", "-F", "-t", "ext2", "-L", "ephemeral0", ephemeral.toString());
      disks.add(new DomainSpec.Disk(ephemeral, "raw", "vdb", false));
      Path swap = workDir.resolve("swap.img");
      sparse(swap, SWAP_MB << 20);
      commands.run("mkswap", "-L", "swap", swap.toString());
      disks.add(new DomainSpec.Disk(swap, "raw", "vdc", false));
    }
    return disks;
  }

  /** The cached image a root overlay is built on, read from the overlay's header; null if there is none. */
  public Path backingFile(Path workDir) {
    Path root = workDir.resolve("root.qcow2");
    if (!Files.exists(root)) {
      return null;
    }
    try {
      String info = commands.run("qemu-img", "info", "--output=json", "-U", root.toString()).stdout();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"backing-filename\":\\s*\"([^\"]+)\"").matcher(info);
      return m.find() ? Path.of(m.group(1)) : null;
    } catch (CommandRunner.CommandException e) {
      return null;
    }
  }

  private static void sparse(Path file, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    }
  }
}
