package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Volumes as sparse files under one directory (SC_VOLUMES_DIR/volumes), one per volume, named by its
 * id. A volume is made under a temporary name, sized, synced and renamed into place, and the rename
 * synced, so after a crash a volume file is whole or absent; leftover temporary files are removed
 * when the directory is opened. Its {@link #room} is the filesystem's usable space less the bytes
 * its sparse files may still claim (their sizes less the blocks {@code du} finds them holding) and
 * the reserve (SC_VOLUMES_RESERVE_MB): a volume is never promised space the disk does not have.
 */
public final class FileVolumes implements VolumeBackend {
  private static final Pattern ID = Pattern.compile("vol-[0-9a-f]{8,17}");
  private static final String TEMP_PREFIX = ".making-";

  private final Path dir;
  private final PointInTime pointInTime;
  /** Runs {@code du} for {@link #room}; null: the room is not known. */
  private final org.eucalyptus.common.exec.CommandRunner commands;
  private final long reserveBytes;

  /** @param pointInTime how a stable image of one of these files is taken */
  public FileVolumes(Path dir, PointInTime pointInTime) throws IOException {
    this(dir, pointInTime, null, 0);
  }

  /**
   * @param commands runs {@code du} to learn the blocks the volume files hold
   * @param reserveBytes space of the filesystem never promised to volumes
   */
  public FileVolumes(Path dir, PointInTime pointInTime, org.eucalyptus.common.exec.CommandRunner commands,
      long reserveBytes) throws IOException {
    this.dir = dir;
    this.pointInTime = pointInTime;
    this.commands = commands;
    this.reserveBytes = reserveBytes;
    Files.createDirectories(dir);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public Path create(String volumeId, long bytes) throws IOException {
    Path target = file(volumeId);
    if (Files.exists(target)) {
      if (Files.size(target) != bytes) {
        throw new IOException("volume " + volumeId + " exists with another size");
      }
      return target;
    }
    Path temp = dir.resolve(TEMP_PREFIX + volumeId);
    try {
      try (RandomAccessFile f = new RandomAccessFile(temp.toFile(), "rw")) {
        f.setLength(bytes); // sparse: no block is written until the guest writes it
        f.getFD().sync();
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename into " + dir + " atomically", e);
      }
      syncDirectory();
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Optional<Path> path(String volumeId) {
    Path p = file(volumeId);
    return Files.exists(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public void delete(String volumeId) throws IOException {
    if (Files.deleteIfExists(file(volumeId))) {
      syncDirectory();
    }
  }

  @Override
  public Set<String> list() throws IOException {
    Set<String> out = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (ID.matcher(name).matches()) {
          out.add(name);
        }
      }
    }
    return out;
  }

  @Override
  public OptionalLong room() throws IOException {
    if (commands == null) {
      return OptionalLong.empty();
    }
    long sizes = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          sizes += Files.size(p); // volumes and those being made
        }
      }
    }
    // The blocks they hold (du counts each file's allocated blocks, not its size).
    long held = heldBy(LvmVolumes.run(commands, List.of("du", "--summarize", "--block-size=1", dir.toString())));
    long unwritten = Math.max(0, sizes - held);
    long usable = Files.getFileStore(dir).getUsableSpace();
    return OptionalLong.of(Math.max(0, usable - unwritten - reserveBytes));
  }

  /** The bytes of {@code du --summarize --block-size=1}'s answer ("12345\t/path"). */
  static long heldBy(String du) throws IOException {
    String first = du.strip().split("\\s+", 2)[0];
    try {
      return Long.parseLong(first);
    } catch (NumberFormatException e) {
      throw new IOException("du answered " + du.strip());
    }
  }

  @Override
  public PointInTime pointInTime() {
    return pointInTime;
  }

  private Path file(String volumeId) {
    if (!ID.matcher(volumeId).matches()) {
      throw new IllegalArgumentException("not a volume id: " + volumeId); // never a path outside dir
    }
    return dir.resolve(volumeId);
  }

  private void syncDirectory() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
