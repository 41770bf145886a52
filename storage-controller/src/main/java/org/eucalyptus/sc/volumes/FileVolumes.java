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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Volumes as sparse files under one directory (SC_VOLUMES_DIR/volumes), one per volume, named by its
 * id. A volume is made under a temporary name, sized, synced and renamed into place, and the rename
 * synced, so after a crash a volume file is whole or absent; leftover temporary files are removed
 * when the directory is opened.
 */
public final class FileVolumes implements VolumeBackend {
  private static final Pattern ID = Pattern.compile("vol-[0-9a-f]{8,17}");
  private static final String TEMP_PREFIX = ".making-";

  private final Path dir;
  private final PointInTime pointInTime;

  /** @param pointInTime how a stable image of one of these files is taken */
  public FileVolumes(Path dir, PointInTime pointInTime) throws IOException {
    this.dir = dir;
    this.pointInTime = pointInTime;
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
