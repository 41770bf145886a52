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
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.xml.XmlDocuments;
import org.eucalyptus.common.xml.XmlWriter;

/** The few S3 calls the bundle tools make, path style, signed with Signature V4. */
final class S3Client {
  private final URI endpoint;
  private final S3Signer signer;
  private final HttpClient http;

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
    this(endpoint, accessKey, secretKey, region, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  /** One that trusts the CAs of {@code caBundle} too, for a cloud's HTTPS URLs (see ClientTrust). */
  S3Client(URI endpoint, String accessKey, String secretKey, String region, java.util.Optional<java.nio.file.Path> caBundle)
      throws java.io.IOException {
    this(endpoint, accessKey, secretKey, region,
        org.eucalyptus.common.http.ClientTrust.httpClient(caBundle, Duration.ofSeconds(10)));
  }

  private S3Client(URI endpoint, String accessKey, String secretKey, String region, HttpClient http) {
    this.http = http;
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
        : new XmlWriter().root("CreateBucketConfiguration", "http://s3.amazonaws.com/doc/2006-03-01/")
            .element("LocationConstraint", location).toString();
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

  /** Whether the bucket is there and the caller may see it (HEAD). */
  boolean bucketExists(String bucket) throws IOException, InterruptedException, S3Error {
    HttpResponse<String> r = send("HEAD", uri(bucket, null), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return false;
    }
    check(r.statusCode(), r.body());
    return true;
  }

  /** An object's bytes, for small objects such as manifests. */
  byte[] getBytes(String bucket, String key) throws IOException, InterruptedException, S3Error {
    HttpResponse<byte[]> r = send("GET", uri(bucket, key), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() / 100 != 2) {
      check(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return r.body();
  }

  /**
   * Downloads an object into {@code file} (replaced only when the whole object arrived) and returns
   * the SHA-1 of its bytes (hex); {@code progress} hears the bytes received.
   */
  String getToFile(String bucket, String key, Path file, LongConsumer progress)
      throws IOException, InterruptedException, S3Error {
    HttpResponse<InputStream> r = send("GET", uri(bucket, key), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() / 100 != 2) {
        check(r.statusCode(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      Path tmp = file.resolveSibling(file.getFileName() + ".part-download");
      try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[256 * 1024];
        long got = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          sha1.update(buf, 0, n);
          got += n;
          progress.accept(got);
        }
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes an object (S3 answers 204 whether or not it was there). */
  void deleteObject(String bucket, String key) throws IOException, InterruptedException, S3Error {
    HttpResponse<String> r = send("DELETE", uri(bucket, key), HttpResponse.BodyHandlers.ofString());
    check(r.statusCode(), r.body());
  }

  /** Deletes an empty bucket; S3's BucketNotEmpty when it is not. */
  void deleteBucket(String bucket) throws IOException, InterruptedException, S3Error {
    HttpResponse<String> r = send("DELETE", uri(bucket, null), HttpResponse.BodyHandlers.ofString());
    check(r.statusCode(), r.body());
  }

  private <T> HttpResponse<T> send(String method, URI u, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(u).timeout(Duration.ofMinutes(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    signer.sign(method, u, Map.of(), S3Signer.EMPTY_SHA256, Instant.now()).forEach(b::header);
    return http.send(b.build(), handler);
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

  /** The text of the first {@code <name>} field of an S3 error document, or null (also for a body that is not XML). */
  private static String element(String xml, String name) {
    return XmlDocuments.tryParse(xml).map(d -> XmlDocuments.text(d, name)).orElse(null);
  }
}
