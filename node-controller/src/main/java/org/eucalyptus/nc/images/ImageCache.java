package org.eucalyptus.nc.images;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.auth.Crypto;

/**
 * The node's image cache, {@code INSTANCE_PATH/cache}: kernels, ramdisks and root images by the
 * URL they came from. An image is fetched once however many instances ask for it at the same time,
 * at most {@code parallelDownloads} fetches run at once, and a fetch is a temporary file renamed
 * into place when whole. Past {@code maxBytes} the least recently used images go, except those a
 * live instance's disks are built on.
 */
public final class ImageCache {
  private static final Logger LOG = LogManager.getLogger(ImageCache.class);

  private final Path dir;
  private final long maxBytes;
  private final ImageFetcher fetcher;
  private final Semaphore downloads;
  private final Clock clock;
  private final org.eucalyptus.common.util.SingleFlight<String, Path> inFlight =
      new org.eucalyptus.common.util.SingleFlight<>();
  private final AtomicLong fetches = new AtomicLong();
  private volatile Supplier<Set<Path>> inUse = Set::of;

  public ImageCache(Path dir, long maxBytes, ImageFetcher fetcher, int parallelDownloads, Clock clock)
      throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.fetcher = fetcher;
    this.downloads = new Semaphore(Math.max(1, parallelDownloads));
    this.clock = clock;
    Files.createDirectories(dir);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p); // an interrupted fetch
      }
    }
  }

  /** Tells the cache which of its files live instances use (they are never evicted). */
  public void protect(Supplier<Set<Path>> inUse) {
    this.inUse = inUse;
  }

  /** The cached file of the image at {@code url}, fetched now if it is not here. */
  public Path get(String url) throws ImageException {
    String name = Crypto.sha256Hex(url).substring(0, 32) + ".img";
    Path file = dir.resolve(name);
    if (Files.exists(file)) {
      touch(file);
      return file;
    }
    try {
      return inFlight.run(name, () -> {
        if (!Files.exists(file)) {
          fetch(url, file);
        }
        touch(file);
        return file;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException("interrupted while waiting for an image");
    }
  }

  private void fetch(String url, Path file) throws ImageException {
    Path tmp = dir.resolve(file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      downloads.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException("interrupted while waiting to fetch " + url);
    }
    try {
      fetches.incrementAndGet();
      long t0 = System.nanoTime();
      long size = fetcher.fetch(url, tmp);
      evictFor(size);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
      LOG.info("cached {} ({} bytes) in {} ms, {} MB/s", url, size, ms, size / 1000 / ms);
    } catch (IOException e) {
      throw new ImageException("cannot store " + url + " in the image cache: " + e.getMessage(), e);
    } finally {
      downloads.release();
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // removed at the next start
      }
    }
  }

  private synchronized void evictFor(long incoming) throws IOException {
    List<Path> entries = new ArrayList<>();
    long total = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.img")) {
      for (Path p : ds) {
        entries.add(p);
        total += Files.size(p);
      }
    }
    entries.sort(Comparator.comparing(ImageCache::lastUsed));
    Set<Path> used = inUse.get();
    for (Path p : entries) {
      if (total + incoming <= maxBytes) {
        return;
      }
      if (used.contains(p)) {
        continue;
      }
      long size = Files.size(p);
      Files.deleteIfExists(p);
      total -= size;
      LOG.info("evicted {} ({} bytes) from the image cache", p.getFileName(), size);
    }
    if (total + incoming > maxBytes) {
      LOG.warn("the image cache holds {} bytes in use; it goes over its limit of {} bytes", total + incoming, maxBytes);
    }
  }

  private static FileTime lastUsed(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    } catch (IOException ignored) {
      // evicted meanwhile; the caller finds out when it opens the file
    }
  }

  /** How many fetches have run since start (cache misses). */
  public long fetches() {
    return fetches.get();
  }

  public Path dir() {
    return dir;
  }
}
