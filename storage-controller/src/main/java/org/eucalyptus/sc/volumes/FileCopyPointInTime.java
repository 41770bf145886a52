package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.exec.CommandRunner.CommandException;

/**
 * Point-in-time copies of sparse-file volumes: under the hold, a reflink of the file where its file
 * system shares blocks (XFS with reflink, btrfs: the hold lasts milliseconds whatever the size),
 * else a sparse copy (ext4: {@code cp --sparse=always} skips the holes, so the hold lasts as long
 * as copying the bytes written). The copy is a hidden file in {@code copiesDirectory}, which must
 * be on the volumes' file system for a reflink; it lives until the copy is closed.
 */
public final class FileCopyPointInTime implements PointInTime {
  private static final Logger LOG = LogManager.getLogger(FileCopyPointInTime.class);
  /** Every copy's name starts so: what {@link #removeLeftovers} removes, and what a volume listing skips. */
  public static final String PREFIX = ".point-in-time-";

  private final CommandRunner commands;
  private final Path copiesDirectory;

  /** {@code commands} needs a time limit long enough for a sparse copy of the largest volume. */
  public FileCopyPointInTime(CommandRunner commands, Path copiesDirectory) {
    this.commands = commands;
    this.copiesDirectory = copiesDirectory;
  }

  /** How a copy was made. */
  public enum Method { REFLINK, SPARSE_COPY }

  @Override
  @SuppressWarnings("try") // the hold is kept for the block's length, not used in it
  public FileCopy take(String volumeId, Path source, Quiesce quiesce) throws IOException {
    Files.createDirectories(copiesDirectory);
    Path copy = copiesDirectory.resolve(PREFIX + volumeId + "-" + UUID.randomUUID() + ".img");
    long size;
    Method method;
    long held;
    try {
      long t0;
      try (Hold hold = quiesce.hold()) {
        t0 = System.nanoTime();
        size = Files.size(source);
        method = copy(source, copy);
        held = System.nanoTime() - t0;
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(copy);
      throw e;
    }
    LOG.info("point-in-time copy of {} ({} bytes) by {}: {} ms under the hold", volumeId, size, method,
        held / 1_000_000);
    return new FileCopy(copy, size, method);
  }

  /** Removes the copies a process killed while it had them left behind (at start, before any copy). */
  public void removeLeftovers() throws IOException {
    if (!Files.isDirectory(copiesDirectory)) {
      return;
    }
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(copiesDirectory, PREFIX + "*")) {
      for (Path p : leftovers) {
        LOG.info("removing the point-in-time copy {} left by an earlier run", p);
        Files.deleteIfExists(p);
      }
    }
  }

  private Method copy(Path source, Path copy) throws IOException {
    try {
      // A file system that cannot share blocks refuses at once (EOPNOTSUPP, EXDEV), before copying.
      if (commands.runAllowingFailure(List.of("cp", "--reflink=always", source.toString(), copy.toString()), null)
          .exitStatus() == 0) {
        return Method.REFLINK;
      }
      Files.deleteIfExists(copy);
      commands.run(List.of("cp", "--sparse=always", source.toString(), copy.toString()), null);
      return Method.SPARSE_COPY;
    } catch (CommandException e) {
      throw new IOException("cannot copy " + source + ": " + e.getMessage(), e);
    }
  }

  /** A copy on disk, removed when closed. */
  public static final class FileCopy implements PointInTimeCopy {
    private final Path path;
    private final long size;
    private final Method method;

    FileCopy(Path path, long size, Method method) {
      this.path = path;
      this.size = size;
      this.method = method;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public long size() {
      return size;
    }

    public Method method() {
      return method;
    }

    @Override
    public void close() throws IOException {
      Files.deleteIfExists(path);
    }
  }
}
