package org.eucalyptus.nc.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
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
 * What arrives is checked against the length the server announced. Downloads use the JDK's
 * {@link HttpURLConnection}, blocking, straight into the file: through {@code java.net.http}'s
 * InputStream body, whose buffers are handed between threads, the node took an image in at half
 * the rate (bench/nc-guests, an image cached in Walrus: 184-280 MB/s, against 340-440), and its read
 * timeout is the stall watch that client lacked (a download that receives nothing for that long ends).
 */
public final class ImageFetcher implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private final java.util.function.Supplier<NodeCredentials> credentials;
  private final Clock clock;
  private final Duration stallTimeout;

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

  private long download(URI uri, Path dest) throws IOException, ImageException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setConnectTimeout(CONNECT_TIMEOUT_MS);
    c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, stallTimeout.toMillis())));
    c.setInstanceFollowRedirects(true);
    if (uri.getRawPath() != null && uri.getRawPath().endsWith(".manifest.xml")) {
      NodeCredentials credentials = this.credentials.get();
      if (credentials == null) {
        throw new ImageException("this node has no certificate (node-cert.pem, node-pk.pem) to fetch the bundle "
            + uri + " from Walrus");
      }
      try {
        EucaCertAuth.sign("GET", uri.getRawPath(), credentials.certificate(), credentials.privateKey(),
            clock.instant()).forEach(c::setRequestProperty);
      } catch (GeneralSecurityException e) {
        throw new ImageException("cannot sign the request for " + uri + ": " + e.getMessage(), e);
      }
      c.setRequestProperty("EucaOperation", "GetDecryptedImage");
    }
    long got = 0;
    boolean answered = false;
    try {
      int status = c.getResponseCode();
      answered = true;
      if (status != 200) {
        String body = "";
        try (InputStream err = c.getErrorStream()) {
          if (err != null) {
            body = new String(err.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
          }
        }
        String message = XmlDocuments.tryParse(body).map(d -> XmlDocuments.text(d, "Message")).orElse(null);
        throw new ImageException("HTTP " + status + " from " + uri + (message != null ? ": " + message : ""));
      }
      long expected = c.getContentLengthLong();
      try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(dest)) {
        byte[] buf = new byte[256 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          got += n;
        }
      }
      if (expected >= 0 && got != expected) {
        throw new ImageException("the download of " + uri + " stopped after " + got + " of " + expected + " bytes");
      }
      return got;
    } catch (java.net.SocketTimeoutException e) {
      c.disconnect(); // the connection is in an unknown state: not one to reuse
      if (!answered) {
        throw new ImageException("cannot fetch " + uri + ": no answer (" + e.getMessage() + ")");
      }
      throw new ImageException("the download of " + uri + " stalled after " + got + " bytes (nothing for "
          + stallTimeout.toSeconds() + " s)");
    }
  }

  /** Nothing to stop: a download runs on its caller's thread (kept so that owners need not change). */
  @Override
  public void close() {
    // no threads of its own
  }
}
