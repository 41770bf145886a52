package org.eucalyptus.walrus.images;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Decrypted images on disk, least recently used first out when the cache is over its size limit.
 * An entry is made once however many ask for it at the same time: the first caller produces it and
 * the others wait for that result. An entry is written to a temporary file and renamed into place,
 * and served at once, from the page cache; it is fsynced afterwards, on {@code syncs}, and only then
 * marked durable by an empty {@code NAME.synced} beside it. Waiting for the fsync before serving
 * had cost a node's first fetch of an image about a third of its time (256 MiB: 0.7 s of 1.7).
 * {@link #recover()} removes temporary files and every entry a crash caught before its mark.
 */
public final class DecryptedImageCache {
  private static final Logger LOG = LogManager.getLogger(DecryptedImageCache.class);
  /** An entry read this recently is never evicted: a response may be about to send it. */
  private static final Duration IN_USE = Duration.ofMinutes(2);
  private static final String SYNCED = ".synced";

  /** Writes an entry's content. */
  @FunctionalInterface
  public interface Producer {
    void write(OutputStream out) throws IOException, ProducerException;
  }

  /** The content cannot be produced, for a reason the caller is told. */
  public static final class ProducerException extends Exception {
    public ProducerException(String message) {
      super(message);
    }
  }

  private final Path dir;
  private final long maxBytes;
  private final Clock clock;
  private final java.util.concurrent.Executor syncs;
  private final org.eucalyptus.common.util.SingleFlight<String, Path> inFlight =
      new org.eucalyptus.common.util.SingleFlight<>();

  /** @param syncs runs each new entry's fsync and mark, after the entry is served */
  public DecryptedImageCache(Path dir, long maxBytes, Clock clock, java.util.concurrent.Executor syncs)
      throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.syncs = syncs;
    Files.createDirectories(dir);
  }

  /** Removes what an interrupted write left behind: temporary files, and entries never marked durable. */
  public void recover() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
        LOG.info("removed an unfinished image cache entry {}", p.getFileName());
      }
    }
    for (Path p : entries()) {
      if (!Files.exists(marker(p))) {
        Files.deleteIfExists(p);
        LOG.info("removed image cache entry {}: it was not yet on disk for sure when Walrus stopped", p.getFileName());
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SYNCED)) {
      for (Path m : ds) {
        String name = m.getFileName().toString();
        if (!Files.exists(dir.resolve(name.substring(0, name.length() - SYNCED.length())))) {
          Files.deleteIfExists(m);
        }
      }
    }
  }

  private static Path marker(Path entry) {
    return entry.resolveSibling(entry.getFileName() + SYNCED);
  }

  /** The entries (not temporary files, not marks). */
  private List<Path> entries() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
        p -> !p.toString().endsWith(".tmp") && !p.toString().endsWith(SYNCED))) {
      ds.forEach(out::add);
    }
    return out;
  }

  /** The cached file named {@code name}, produced now if it is not there. */
  public Path get(String name, Producer producer) throws IOException, ProducerException {
    Path file = dir.resolve(name);
    if (Files.exists(file)) {
      touch(file);
      return file;
    }
    try {
      return inFlight.run(name, () -> {
        if (!Files.exists(file)) {
          produce(file, producer);
        }
        touch(file);
        return file;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the image", e);
    } catch (IOException | ProducerException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // the work throws nothing else
    }
  }

  private void produce(Path file, Producer producer) throws IOException, ProducerException {
    Path tmp = dir.resolve(file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    Object key;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch),
              256 * 1024)) {
        producer.write(out);
        out.flush();
      }
      evictFor(Files.size(tmp));
      Files.deleteIfExists(marker(file)); // a mark left by an entry of this name evicted before its sync ended
      key = fileKey(tmp);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    try {
      syncs.execute(() -> sync(file, key));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      sync(file, key); // Walrus is stopping: sync here rather than leave the entry to be dropped
    }
  }

  private static Object fileKey(Path p) throws IOException {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  /** Puts an entry's bytes on disk, then marks it durable (unless it was evicted, or replaced, meanwhile). */
  private void sync(Path file, Object key) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
      if (java.util.Objects.equals(fileKey(file), key)) {
        Files.newOutputStream(marker(file)).close();
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // evicted before its sync: nothing to mark
    } catch (IOException e) {
      LOG.warn("could not put image cache entry {} on disk: {} (it is made again after a restart)",
          file.getFileName(), e.getMessage());
    }
  }

  /** Evicts least recently used entries until {@code incoming} more bytes fit (entries in use stay). */
  private void evictFor(long incoming) throws IOException {
    List<Path> entries = entries();
    long total = 0;
    for (Path p : entries) {
      total += sizeOrZero(p);
    }
    entries.sort(Comparator.comparing(DecryptedImageCache::lastUsed));
    FileTime recent = FileTime.from(clock.instant().minus(IN_USE));
    for (Path p : entries) {
      if (total + incoming <= maxBytes) {
        break;
      }
      if (lastUsed(p).compareTo(recent) > 0) {
        continue;
      }
      long size = sizeOrZero(p);
      Files.deleteIfExists(p);
      Files.deleteIfExists(marker(p));
      total -= size;
      LOG.info("evicted image cache entry {} ({} bytes)", p.getFileName(), size);
    }
  }

  private static FileTime lastUsed(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** The modification time records the last use, so the order survives a restart. */
  private void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    } catch (IOException e) {
      // evicted meanwhile: the caller's response will say so
    }
  }

  /** The bytes held now. */
  public long size() throws IOException {
    long total = 0;
    for (Path p : entries()) {
      total += sizeOrZero(p);
    }
    return total;
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0; // evicted meanwhile
    }
  }
}
