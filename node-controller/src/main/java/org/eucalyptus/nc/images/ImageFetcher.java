package org.eucalyptus.nc.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.xml.XmlDocuments;

/**
 * Fetches one image to a file: from a local path ({@code file://}), a plain {@code http(s)://}
 * URL, or a bundle manifest in Walrus (a URL ending in {@code .manifest.xml}), which Walrus
 * answers with the decrypted image when the request is signed with this node's certificate.
 * What arrives is checked against the length the server announced.
 */
public final class ImageFetcher implements AutoCloseable {
  private final java.util.function.Supplier<NodeCredentials> credentials;
  private final Clock clock;
  private final Duration stallTimeout;
  private final java.util.concurrent.ScheduledExecutorService watchdog =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nc-fetch-watchdog");
        t.setDaemon(true);
        return t;
      });
  /** Made at the first download: a client starts a selector thread, which a node that never downloads need not have. */
  private HttpClient http;

  /**
   * @param credentials the node's certificate and key when it has them, else null (then Walrus
   *     bundles cannot be fetched); asked at each fetch, so credentials issued later are used
   */
  public ImageFetcher(java.util.function.Supplier<NodeCredentials> credentials, Clock clock) {
    this(credentials, clock, Duration.ofSeconds(60));
  }

  /** @param stallTimeout a download that receives nothing for this long is abandoned */
  public ImageFetcher(java.util.function.Supplier<NodeCredentials> credentials, Clock clock, Duration stallTimeout) {
    this.credentials = credentials;
    this.clock = clock;
    this.stallTimeout = stallTimeout;
  }

  /** Writes the image at {@code url} to {@code dest} (which must not exist) and returns its size. */
  public long fetch(String url, Path dest) throws ImageException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ImageException("'" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    try {
      return switch (scheme) {
        case "file" -> copyLocal(Path.of(uri), dest);
        case "http", "https" -> download(uri, dest);
        default -> throw new ImageException("cannot fetch " + url + ": only file, http and https URLs are known");
      };
    } catch (IOException e) {
      throw new ImageException("cannot fetch " + url + ": " + e.getMessage(), e);
    }
  }

  private static long copyLocal(Path source, Path dest) throws IOException, ImageException {
    if (!Files.isReadable(source)) {
      throw new ImageException(source + " is not readable on this node");
    }
    Files.copy(source, dest);
    return Files.size(dest);
  }

  @SuppressWarnings("try") // the stall watchdog closes the body from its own thread to end a blocked read
  private long download(URI uri, Path dest) throws IOException, ImageException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET();
    if (uri.getRawPath().endsWith(".manifest.xml")) {
      NodeCredentials credentials = this.credentials.get();
      if (credentials == null) {
        throw new ImageException("this node has no certificate (node-cert.pem, node-pk.pem) to fetch the bundle "
            + uri + " from Walrus");
      }
      try {
        EucaCertAuth.sign("GET", uri.getRawPath(), credentials.certificate(), credentials.privateKey(),
            clock.instant()).forEach(b::header);
      } catch (GeneralSecurityException e) {
        throw new ImageException("cannot sign the request for " + uri + ": " + e.getMessage(), e);
      }
      b.header("EucaOperation", "GetDecryptedImage");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream in = resp.body()) {
      if (resp.statusCode() != 200) {
        String body = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
        String message = XmlDocuments.tryParse(body).map(d -> XmlDocuments.text(d, "Message")).orElse(null);
        throw new ImageException("HTTP " + resp.statusCode() + " from " + uri + (message != null ? ": " + message : ""));
      }
      long expected = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      long got = 0;
      // java.net.http has no timeout between bytes: a watchdog closes a body that stopped coming.
      java.util.concurrent.atomic.AtomicLong lastProgress = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
      java.util.concurrent.atomic.AtomicBoolean stalled = new java.util.concurrent.atomic.AtomicBoolean();
      var check = watchdog.scheduleWithFixedDelay(() -> {
        if (System.nanoTime() - lastProgress.get() > stallTimeout.toNanos() && stalled.compareAndSet(false, true)) {
          try {
            in.close();
          } catch (IOException ignored) {
            // the reader sees the stream end
          }
        }
      }, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
      try (OutputStream out = Files.newOutputStream(dest)) {
        byte[] buf = new byte[256 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          got += n;
          lastProgress.set(System.nanoTime());
        }
      } catch (IOException e) {
        if (!stalled.get()) {
          throw e;
        }
      } finally {
        check.cancel(false);
      }
      if (stalled.get()) {
        throw new ImageException("the download of " + uri + " stalled after " + got + " bytes (nothing for "
            + stallTimeout.toSeconds() + " s)");
      }
      if (expected >= 0 && got != expected) {
        throw new ImageException("the download of " + uri + " stopped after " + got + " of " + expected + " bytes");
      }
      return got;
    }
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
    }
    return http;
  }

  /** Stops the stall watchdog's thread (whoever made the fetcher closes it). */
  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
