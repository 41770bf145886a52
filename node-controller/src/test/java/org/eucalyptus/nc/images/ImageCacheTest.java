package org.eucalyptus.nc.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's image cache against a real HTTP server: one download per image, a size limit, whole files only. */
@IntegrationTest
class ImageCacheTest {
  @TempDir Path tmp;
  HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger inProgress = new AtomicInteger();
  final AtomicInteger mostAtOnce = new AtomicInteger();
  final byte[] image = new byte[3 * 1024 * 1024];

  @BeforeEach
  void serve() throws Exception {
    new Random(3).nextBytes(image);
    Path file = Files.write(tmp.resolve("served.img"), image);
    server = new HttpServer("images", new InetSocketAddress("127.0.0.1", 0), List.of(
        HttpServer.Route.streaming("/images/", req -> {
          requests.incrementAndGet();
          mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
          Thread.sleep(300); // slow enough for concurrent launches to overlap
          inProgress.decrementAndGet();
          if (req.path().endsWith("/stalled.img")) {
            // Announces the whole image, sends half, then nothing more: a stalled download.
            return new StreamingResponse(HttpResponseStatus.OK,
                new DefaultHttpHeaders().set("Content-Length", image.length), new byte[0], file, 0, image.length / 2);
          }
          if (req.path().endsWith("/denied.img")) { // as Walrus refuses: S3's error document
            return StreamingResponse.of(HttpResponseStatus.FORBIDDEN, new DefaultHttpHeaders(), ("<?xml version=\"1.0\"?>"
                + "<Error><Code>AccessDenied</Code><Message>Access &amp; &quot;all&quot; denied</Message></Error>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
          if (req.path().endsWith("/missing.img")) {
            return StreamingResponse.of(HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders(), new byte[0]);
          }
          return StreamingResponse.file(HttpResponseStatus.OK, new DefaultHttpHeaders(), file, 0, image.length);
        }))).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ImageCache cache(long maxBytes) throws Exception {
    return cache(maxBytes, Clock.systemUTC());
  }

  /** A cache noting each use at {@code clock}'s time (the fetcher's stall watch keeps the real clock). */
  ImageCache cache(long maxBytes, Clock clock) throws Exception {
    return new ImageCache(tmp.resolve("cache"), maxBytes,
        new ImageFetcher(() -> null, Clock.systemUTC(), java.time.Duration.ofSeconds(1)), 2, clock);
  }

  /** A clock a second further on each time it is read: uses one after another are a second apart. */
  static final class TickingClock extends Clock {
    private final AtomicLong seconds = new AtomicLong(1_700_000_000L);

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds.incrementAndGet());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  String url(String name) {
    return "http://127.0.0.1:" + server.port() + "/images/" + name;
  }

  @Test
  void instancesStartingTogetherFromAnUncachedImageDownloadItOnce() throws Exception {
    ImageCache cache = cache(100L << 20);
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<Future<Path>> all = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        all.add(pool.submit(() -> cache.get(url("a.img"))));
      }
      Path first = all.get(0).get();
      for (Future<Path> f : all) {
        assertThat(f.get()).isEqualTo(first);
      }
      assertThat(Files.readAllBytes(first)).isEqualTo(image);
    } finally {
      pool.shutdownNow();
    }
    assertThat(requests.get()).isEqualTo(1);
    assertThat(cache.fetches()).isEqualTo(1);
    cache.get(url("a.img"));
    assertThat(requests.get()).isEqualTo(1); // cached
  }

  @Test
  void atMostTheConfiguredNumberOfImagesDownloadAtOnce() throws Exception {
    ImageCache cache = cache(100L << 20); // 2 downloads at once
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Path>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String name = "img" + i + ".img";
        all.add(pool.submit(() -> cache.get(url(name))));
      }
      for (Future<Path> f : all) {
        assertThat(Files.size(f.get())).isEqualTo(image.length);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(requests.get()).isEqualTo(6);
    assertThat(mostAtOnce.get()).isEqualTo(2);
  }

  @Test
  void pastItsLimitTheLeastRecentlyUsedImageGoesButNotOneInUse() throws Exception {
    ImageCache cache = cache(7L << 20, new TickingClock()); // room for two 3 MiB images
    Path a = cache.get(url("a.img"));
    Path b = cache.get(url("b.img"));
    cache.get(url("a.img")); // a is now the more recently used
    cache.get(url("c.img"));
    assertThat(a).exists();
    assertThat(b).doesNotExist();
    // An image a live instance is built on stays, even when it is the least recently used.
    cache.protect(() -> Set.of(a));
    cache.get(url("d.img"));
    assertThat(a).exists();
  }

  @Test
  void aStalledOrMissingDownloadLeavesNothingInTheCache() throws Exception {
    ImageCache cache = cache(100L << 20);
    assertThatThrownBy(() -> cache.get(url("missing.img"))).isInstanceOf(ImageException.class)
        .hasMessageContaining("HTTP 404");
    assertThatThrownBy(() -> cache.get(url("denied.img"))).isInstanceOf(ImageException.class)
        .hasMessageEndingWith("HTTP 403 from " + url("denied.img") + ": Access & \"all\" denied");
    assertThatThrownBy(() -> cache.get(url("stalled.img"))).isInstanceOf(ImageException.class)
        .hasMessageContaining("stalled");
    try (var files = Files.list(tmp.resolve("cache"))) {
      assertThat(files).isEmpty();
    }
    assertThatThrownBy(() -> cache.get(url("x.manifest.xml"))).hasMessageContaining("no certificate");
    assertThatThrownBy(() -> cache.get("ftp://host/img")).hasMessageContaining("only file, http and https");
  }

  @Test
  void aServerThatTakesTheConnectionButNeverAnswersIsSaidToHaveNotAnswered() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/images/x.img"; // the kernel accepts; nobody reads
      assertThatThrownBy(() -> cache(100L << 20).get(url)).isInstanceOf(ImageException.class)
          .hasMessageContaining("cannot fetch " + url + ": no answer");
    }
  }

  @Test
  void aDownloadMakesNoThreadOfItsOwn() throws Exception {
    try (ImageFetcher fetcher = new ImageFetcher(() -> null, Clock.systemUTC(), java.time.Duration.ofSeconds(5))) {
      fetcher.fetch(url("zero.img"), tmp.resolve("zero.img")); // the test server's threads start on its first request
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      assertThat(fetcher.fetch(url("one.img"), tmp.resolve("one.img"))).isPositive();
      // The JDK's keep-alive timer may start to reuse the connection; nothing of the fetcher's runs after it.
      assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
          .map(Thread::getName).filter(n -> !n.equals("Keep-Alive-Timer"))).isEmpty();
    }
  }
}
