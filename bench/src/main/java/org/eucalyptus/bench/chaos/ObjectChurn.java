package org.eucalyptus.bench.chaos;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Objects PUT to Walrus one after another while the cloud is being killed, each with content made
 * from its number (so it need not be kept) and a known MD5. An object counts once Walrus answered
 * its PUT with that MD5 as the ETag; {@link #verify} reads every such object back.
 */
final class ObjectChurn {
  static final String BUCKET = "chaos-objects";
  private static final int BIG = 24 << 20;

  private final S3Client s3;
  /** Acknowledged objects: key -> MD5. */
  private final Map<String, String> md5s = new ConcurrentHashMap<>();
  final ConcurrentSkipListSet<String> lost = new ConcurrentSkipListSet<>();
  final ConcurrentSkipListSet<String> corrupt = new ConcurrentSkipListSet<>();
  final AtomicInteger failedPuts = new AtomicInteger();
  final AtomicInteger badEtags = new AtomicInteger();
  private volatile boolean stop;
  private volatile boolean bigNext;
  /** When the PUT in progress started (nanoTime), 0 when none is; and whether it is a big one. */
  private final AtomicLong putSince = new AtomicLong();
  private volatile boolean putIsBig;
  private int n;
  private Thread thread;

  ObjectChurn(S3Client s3) {
    this.s3 = s3;
  }

  void start() {
    s3.createBucket(b -> b.bucket(BUCKET));
    thread = new Thread(this::run, "chaos-objects");
    thread.setDaemon(true);
    thread.start();
  }

  int acknowledged() {
    return md5s.size();
  }

  /** The next PUT is a large one (written in pieces, with a pipelined writer); returns once it has been under way for {@code ms}. */
  void awaitBigPutUnderWay(long ms) throws InterruptedException {
    bigNext = true;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      long since = putSince.get();
      if (putIsBig && since != 0 && System.nanoTime() - since > ms * 1_000_000) {
        return;
      }
      Thread.sleep(5);
    }
  }

  private void run() {
    Random sizes = new Random(7);
    while (!stop) {
      int i = n++;
      boolean big = bigNext;
      bigNext = false;
      int size = big ? BIG : 1024 + sizes.nextInt(1 << 20);
      byte[] data = content(i, size);
      String md5 = md5(data);
      String key = "obj-" + i;
      putIsBig = big;
      putSince.set(System.nanoTime());
      try {
        String etag = s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(data)).eTag();
        if (etag != null && etag.replace("\"", "").equals(md5)) {
          md5s.put(key, md5);
        } else {
          badEtags.incrementAndGet();
        }
      } catch (RuntimeException e) {
        failedPuts.incrementAndGet();
        sleep(300);
      } finally {
        putSince.set(0);
      }
      sleep(100);
    }
  }

  void stop() throws InterruptedException {
    stop = true;
    if (thread != null) {
      thread.join(120_000);
    }
  }

  /** Reads back every acknowledged object; returns how many were checked. Retries while Walrus does not answer. */
  int verify() throws InterruptedException {
    int checked = 0;
    for (Map.Entry<String, String> e : md5s.entrySet()) {
      String key = e.getKey();
      for (int attempt = 0; attempt < 20; attempt++) {
        try {
          byte[] got = s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asByteArray();
          if (!md5(got).equals(e.getValue())) {
            corrupt.add(key);
          }
          checked++;
          break;
        } catch (NoSuchKeyException x) {
          lost.add(key);
          checked++;
          break;
        } catch (RuntimeException x) {
          Thread.sleep(500);
        }
      }
    }
    return checked;
  }

  static byte[] content(int i, int size) {
    byte[] b = new byte[size];
    new Random(1_000_003L * i).nextBytes(b);
    return b;
  }

  static String md5(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
