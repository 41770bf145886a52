package org.eucalyptus.nc.instances;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
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
    return build(workDir, image, diskGb, Runnable::run);
  }

  /**
   * The same, the ephemeral and swap disks made on {@code beside} while this thread makes the root
   * overlay: three commands of a launch's path that need nothing of each other.
   */
  public List<DomainSpec.Disk> build(Path workDir, Path image, int diskGb, Executor beside)
      throws CommandRunner.CommandException, IOException {
    List<DomainSpec.Disk> disks = new ArrayList<>();
    Path root = workDir.resolve("root.qcow2");
    Files.deleteIfExists(root);
    long imageMb = (Files.size(image) + (1 << 20) - 1) >> 20;
    long leftMb = diskGb * 1024L - imageMb;
    List<CompletableFuture<DomainSpec.Disk>> others = new ArrayList<>();
    if (leftMb >= SWAP_MB + 64) {
      others.add(made(beside, () -> {
        Path ephemeral = workDir.resolve("ephemeral.img");
        sparse(ephemeral, (leftMb - SWAP_MB) << 20);
        commands.run("mke2fs", "-q", "-F", "-t", "ext2", "-L", "ephemeral0", ephemeral.toString());
        return new DomainSpec.Disk(ephemeral, "raw", "vdb", false);
      }));
      others.add(made(beside, () -> {
        Path swap = workDir.resolve("swap.img");
        sparse(swap, SWAP_MB << 20);
        commands.run("mkswap", "-L", "swap", swap.toString());
        return new DomainSpec.Disk(swap, "raw", "vdc", false);
      }));
    }
    try {
      commands.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", image.toAbsolutePath().toString(),
          root.toString());
      disks.add(new DomainSpec.Disk(root, "qcow2", "vda", false));
    } finally {
      // Whatever happened here, the others end before the launch goes on (or its files are removed).
      others.forEach(f -> f.exceptionally(e -> null).join());
    }
    for (CompletableFuture<DomainSpec.Disk> f : others) {
      disks.add(result(f));
    }
    return disks;
  }

  /** A disk-making step that may fail as the launch's other steps do. */
  private interface DiskStep {
    DomainSpec.Disk make() throws CommandRunner.CommandException, IOException;
  }

  private static CompletableFuture<DomainSpec.Disk> made(Executor beside, DiskStep step) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return step.make();
      } catch (CommandRunner.CommandException | IOException e) {
        throw new CompletionException(e);
      }
    }, beside);
  }

  private static DomainSpec.Disk result(CompletableFuture<DomainSpec.Disk> f)
      throws CommandRunner.CommandException, IOException {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof CommandRunner.CommandException c) {
        throw c;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
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
