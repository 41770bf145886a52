package org.eucalyptus.walrus.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The durable data-file pipeline: object and part data in files named by a random id (never by
 * the key, so no key can reach outside the storage directory). A body is written to a temp file,
 * checked against its length and digests, renamed into place and fsynced; a file is whole once it
 * has a name under {@code data/}, and it is an object only once a row names it ({@link ObjectRows}).
 * Nothing here knows of the database.
 */
public final class DataFiles implements AutoCloseable {
  /** A data file written whole: its id, size and MD5 (hex). */
  public record Stored(String dataId, long size, String etag) {}

  /** The upload's body did not match what the request said of it. */
  public static final class BadDigestException extends Exception {
    private final String code;

    BadDigestException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Uploads larger than this are written by a second thread while the first hashes. */
  private static final long PIPELINE_AFTER = 8L * 1024 * 1024;

  private final Path dataDir;
  private final Path tmpDir;
  private final DiskWrites writes;
  /** Data subdirectories known to exist: creating one is asked once, not per object. */
  private final Set<Path> madeDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "walrus-file-writer");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param directIo true to write data around the page cache (O_DIRECT) where the file system
   *     allows it
   */
  public DataFiles(Path storageDir, boolean directIo) throws IOException {
    this.dataDir = storageDir.resolve("data");
    this.tmpDir = storageDir.resolve("tmp");
    Files.createDirectories(dataDir);
    Files.createDirectories(tmpDir);
    this.writes = DiskWrites.probe(tmpDir, directIo);
  }

  /** Whether data goes around the page cache (O_DIRECT). */
  public boolean directIo() {
    return writes.direct();
  }

  public Path path(String dataId) {
    return dataDir.resolve(dataId.substring(0, 2)).resolve(dataId);
  }

  /**
   * Writes a body to a new data file: temp file, checks, rename, fsync ({@link #publish}). No
   * metadata names it yet; the caller commits a row that does (or recovery removes it after a crash).
   *
   * @param expectedMd5 base64 Content-MD5, or null
   * @param expectedSha256 hex x-amz-content-sha256 the signature covered, or null
   */
  public Stored store(InputStream body, long contentLength, String expectedMd5, String expectedSha256)
      throws IOException, BadDigestException {
    return store(body, contentLength, expectedMd5, expectedSha256, true);
  }

  /**
   * As {@link #store(InputStream, long, String, String)}; with {@code etag} false and a SHA-256 to
   * check (and no Content-MD5), no MD5 is computed and the result's etag is null: the MD5 is the
   * slowest step of a write, and a snapshot, checked by its SHA-256, needs no ETag.
   */
  public Stored store(InputStream body, long contentLength, String expectedMd5, String expectedSha256, boolean etag)
      throws IOException, BadDigestException {
    String dataId = UUID.randomUUID().toString();
    Path tmp = tmpDir.resolve(dataId + ".part");
    boolean published = false;
    MessageDigest md5 = etag || expectedMd5 != null || expectedSha256 == null ? digest("MD5") : null;
    MessageDigest sha = expectedSha256 == null ? null : digest("SHA-256");
    try (FileChannel out = writes.create(tmp)) {
      long size = body instanceof org.eucalyptus.common.http.PieceSource pieces ? writePieces(pieces, out, md5, sha)
          : writeStream(body, out, md5, sha);
      writes.finish(out, size);
      if (contentLength >= 0 && size != contentLength) {
        throw new BadDigestException("IncompleteBody", "The request body ended after " + size + " of "
            + contentLength + " bytes");
      }
      byte[] md5sum = md5 == null ? null : md5.digest();
      if (expectedMd5 != null && !java.util.Base64.getEncoder().encodeToString(md5sum).equals(expectedMd5.strip())) {
        throw new BadDigestException("BadDigest", "The Content-MD5 you specified did not match what we received.");
      }
      if (sha != null && !HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(expectedSha256)) {
        throw new BadDigestException("XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.");
      }
      publish(tmp, dataId, out);
      published = true;
      return new Stored(dataId, size, md5sum == null ? null : HexFormat.of().formatHex(md5sum));
    } finally {
      removeLeftover(tmp, published);
    }
  }

  /** A data file made of others: its id and size (its ETag is the caller's to say). */
  public record Joined(String dataId, long size) {}

  /** Joins data files, in order, into a new one (a multipart completion). */
  public Joined join(List<String> dataIds) throws IOException {
    String dataId = UUID.randomUUID().toString();
    Path tmp = tmpDir.resolve(dataId + ".part");
    boolean published = false;
    long size = 0;
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (String part : dataIds) {
          try (FileChannel in = FileChannel.open(path(part), StandardOpenOption.READ)) {
            long len = in.size();
            for (long done = 0; done < len; ) {
              done += in.transferTo(done, len - done, out);
            }
            size += len;
          }
        }
        publish(tmp, dataId, out);
        published = true;
      }
      return new Joined(dataId, size);
    } finally {
      removeLeftover(tmp, published);
    }
  }

  /** Copies a data file whole into a new one; returns the new one's id. */
  public String copy(String sourceId) throws IOException {
    String dataId = UUID.randomUUID().toString();
    Path tmp = tmpDir.resolve(dataId + ".part");
    boolean published = false;
    try {
      Files.copy(path(sourceId), tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        publish(tmp, dataId, ch);
        published = true;
      }
      return dataId;
    } finally {
      removeLeftover(tmp, published);
    }
  }

  public void delete(String dataId) throws IOException {
    Files.deleteIfExists(path(dataId));
  }

  /**
   * Moves a whole temp file to its data file and makes both durable. The rename comes first and one
   * fsync follows it, under the file's final name: on ext4 and XFS that one fsync puts the data, the
   * size and the file's new directory entry on disk together (a sync before the rename would leave
   * the entry to the next journal commit, and a second sync of the directory costs a second disk
   * flush: a fifth of the 1 MiB PUT rate here). The file is visible only once a row names it, so a
   * crash in between leaves a file no row names, which recovery removes.
   */
  private void publish(Path tmp, String dataId, FileChannel written) throws IOException {
    Path target = path(dataId);
    Path parent = target.getParent();
    if (!madeDirs.contains(parent)) {
      Files.createDirectories(parent);
      syncDirectory(dataDir); // the new subdirectory's own entry
      madeDirs.add(parent);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    try {
      written.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(target);
      throw e;
    }
  }

  /** fsync of a directory: makes the entries created or renamed in it durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /**
   * Removes the temp file of a write that failed. After a rename there is nothing to remove, and no
   * lookup is made: a lookup that misses costs the JDK an exception, on every PUT.
   */
  private static void removeLeftover(Path tmp, boolean published) throws IOException {
    if (!published) {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The body's pieces to the file. Buffered, a piece is written from the buffer it arrived in;
   * direct, through a staging buffer ({@link StagedFileWriter}). Past the first few MiB a writer
   * thread takes the writing ({@link PipelinedFileWriter}), so hashing and writing run side by side.
   */
  private long writePieces(org.eucalyptus.common.http.PieceSource body, FileChannel out, MessageDigest md5,
      MessageDigest sha) throws IOException {
    long[] size = {0};
    PipelinedFileWriter[] pipe = {null};
    StagedFileWriter[] staged = {writes.direct() ? new StagedFileWriter(out, writes) : null};
    try {
      while (body.nextPiece(piece -> {
        if (md5 != null) {
          md5.update(piece.duplicate());
        }
        if (sha != null) {
          sha.update(piece.duplicate());
        }
        size[0] += piece.remaining();
        if (pipe[0] == null && size[0] > PIPELINE_AFTER) {
          pipe[0] = new PipelinedFileWriter(out, writers, writes);
          if (staged[0] != null) {
            staged[0].handOver(pipe[0]);
            staged[0] = null;
          }
        }
        if (pipe[0] != null) {
          pipe[0].write(piece);
        } else if (staged[0] != null) {
          staged[0].write(piece);
        } else {
          DiskWrites.writeFully(out, piece);
        }
      })) {
        // next piece
      }
      if (pipe[0] != null) {
        pipe[0].finish();
      } else if (staged[0] != null) {
        staged[0].finish();
      }
    } finally {
      if (pipe[0] != null) {
        pipe[0].close();
      }
      if (staged[0] != null) {
        staged[0].close();
      }
    }
    return size[0];
  }

  private long writeStream(InputStream body, FileChannel out, MessageDigest md5, MessageDigest sha)
      throws IOException {
    long size = 0;
    byte[] buf = new byte[256 * 1024];
    try (StagedFileWriter staged = new StagedFileWriter(out, writes)) {
      for (int n; (n = body.read(buf)) > 0; ) {
        if (md5 != null) {
          md5.update(buf, 0, n);
        }
        if (sha != null) {
          sha.update(buf, 0, n);
        }
        staged.write(ByteBuffer.wrap(buf, 0, n));
        size += n;
      }
      staged.finish();
    }
    return size;
  }

  /** Removes every temp file: what writes cut short by a crash left. */
  void clearTemp() throws IOException {
    try (Stream<Path> tmp = Files.list(tmpDir)) {
      for (Path p : tmp.toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** What a sweep of the data files found: the ids present, and how many it removed. */
  record Sweep(Set<String> present, int removed) {}

  /** Removes the data files whose ids are not in {@code known}: written, but no row came to name them. */
  Sweep removeAllBut(Set<String> known) throws IOException {
    int removed = 0;
    Set<String> present = new HashSet<>();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        present.add(p.getFileName().toString());
        if (!known.contains(p.getFileName().toString())) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    }
    return new Sweep(present, removed);
  }

  /** Stops the file-writer threads. */
  @Override
  public void close() {
    // A writer still busy belongs to an upload whose request is being torn down with the server.
    writers.shutdown();
    try {
      if (!writers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        writers.shutdownNow();
      }
    } catch (InterruptedException e) {
      writers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static MessageDigest digest(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
