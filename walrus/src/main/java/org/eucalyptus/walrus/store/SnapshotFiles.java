package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The storage controllers' snapshots, kept apart from every bucket: {@code snapshots/<snapshot id>}
 * under Walrus's storage directory. Files only, no table: a snapshot has nothing to say beyond its
 * bytes and size, no ACL, listing or quota needs a row, and the rename into {@code snapshots/} is
 * the one atomic step that makes a snapshot exist (so there is no file-without-row or
 * row-without-file state to recover). A body is written as an object's is ({@link DataFiles}: temp
 * file, length and digest checks, rename into {@code data/}, fsync), then renamed into
 * {@code snapshots/} and the directory fsynced. A crash before that second rename leaves a data
 * file no row names, which {@link ObjectStore#recover()} removes at the next start.
 */
public final class SnapshotFiles {
  /** A snapshot id names a file: letters, digits and dashes only (EC2's {@code snap-…}), so it stays in its directory. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,127}");

  /** A snapshot written whole: its size, and its MD5 (hex) when one was computed, else null. */
  public record Stored(long size, String md5) {}

  private final DataFiles files;
  private final Path dir;

  public SnapshotFiles(DataFiles files, Path storageDir) throws IOException {
    this.files = files;
    this.dir = storageDir.resolve("snapshots");
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      DataFiles.syncDirectory(storageDir);
    }
  }

  /** Whether {@code id} can name a snapshot. */
  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * Stores a snapshot's body, replacing any earlier one of that id; once this returns it is durable.
   *
   * @param expectedMd5 base64 Content-MD5, or null
   * @param expectedSha256 hex SHA-256 of the body, or null (one of the two is needed)
   */
  public Stored store(String id, InputStream body, long length, String expectedMd5, String expectedSha256)
      throws IOException, DataFiles.BadDigestException {
    DataFiles.Stored data = files.store(body, length, expectedMd5, expectedSha256, false);
    try {
      Files.move(files.path(data.dataId()), path(id), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      files.delete(data.dataId());
      throw e;
    }
    // The data file was fsynced under its first name; this makes its new directory entry durable.
    DataFiles.syncDirectory(dir);
    return new Stored(data.size(), data.etag());
  }

  /** The snapshot's file, for reading; absent when there is no such snapshot. */
  public java.util.Optional<Path> file(String id) {
    Path p = path(id);
    return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
  }

  public OptionalLong size(String id) throws IOException {
    try {
      return OptionalLong.of(Files.size(path(id)));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  /** Removes a snapshot, durably; true when there was one. */
  public boolean delete(String id) throws IOException {
    boolean removed = Files.deleteIfExists(path(id));
    if (removed) {
      DataFiles.syncDirectory(dir);
    }
    return removed;
  }

  private Path path(String id) {
    if (!validId(id)) {
      throw new IllegalArgumentException("not a snapshot id: " + id);
    }
    return dir.resolve(id);
  }
}
