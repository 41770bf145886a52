package org.eucalyptus.tools.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.UriEncoding;

/** The few S3 calls the bundle tools make, path style, signed with Signature V4. */
final class S3Client {
  private final URI endpoint;
  private final S3Signer signer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** An error S3 answered with, in its own words. */
  static final class S3Error extends Exception {
    final int status;
    final String code;

    S3Error(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  S3Client(URI endpoint, String accessKey, String secretKey, String region) {
    this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
    this.signer = new S3Signer(accessKey, secretKey, region);
  }

  private URI uri(String bucket, String key) {
    return URI.create(endpoint + "/" + UriEncoding.encode(bucket) + (key == null ? "" : "/" + UriEncoding.encode(key, true)));
  }

  /** Creates the bucket; one the caller owns already is fine. */
  void createBucket(String bucket, String location) throws IOException, InterruptedException, S3Error {
    URI u = uri(bucket, null);
    String body = location == null || location.isEmpty() ? ""
        : "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
            + location + "</LocationConstraint></CreateBucketConfiguration>";
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest.Builder b = HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signer.sign("PUT", u, Map.of(), org.eucalyptus.common.auth.Crypto.sha256Hex(bytes), Instant.now()).forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 409 && "BucketAlreadyOwnedByYou".equals(element(r.body(), "Code"))) {
      return;
    }
    check(r.statusCode(), r.body());
  }

  /** Uploads a file as {@code bucket/key}, its SHA-256 signed; {@code progress} hears the bytes sent. */
  void putFile(String bucket, String key, Path file, String acl, LongConsumer progress)
      throws IOException, InterruptedException, S3Error {
    String sha = sha256(file);
    long size = Files.size(file);
    URI u = uri(bucket, key);
    Map<String, String> extra = new LinkedHashMap<>();
    if (acl != null) {
      extra.put("x-amz-acl", acl);
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress)), size);
    HttpRequest.Builder b = HttpRequest.newBuilder(u).timeout(Duration.ofMinutes(30)).PUT(body);
    signer.sign("PUT", u, extra, sha, Instant.now()).forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    check(r.statusCode(), r.body());
  }

  private static InputStream counting(Path file, LongConsumer progress) {
    try {
      return new FilterInputStream(Files.newInputStream(file)) {
        long sent;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            sent += n;
            progress.accept(sent);
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(int status, String body) throws S3Error {
    if (status / 100 != 2) {
      String code = element(body, "Code");
      String message = element(body, "Message");
      throw new S3Error(status, code == null ? "HTTP " + status : code, message == null ? body : message);
    }
  }

  private static String element(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml == null ? "" : xml);
    return m.find() ? m.group(1) : null;
  }
}
