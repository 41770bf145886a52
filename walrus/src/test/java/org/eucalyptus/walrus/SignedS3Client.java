package org.eucalyptus.walrus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.SigV4;

/**
 * Raw S3 requests to a Walrus on a local port, signed with Signature V4 for one key: for tests that
 * need what an SDK would not send (a payload hash that does not match its body, for instance).
 */
final class SignedS3Client {
  private final int port;
  private final S3Signer signer;
  private final HttpClient http = HttpClient.newHttpClient();

  SignedS3Client(int port, AccessKeyOwner key) {
    this.port = port;
    this.signer = new S3Signer(key.accessKeyId(), key.secretKey(), "eucalyptus");
  }

  /** {@code path} under /services/Walrus, with an {@code UNSIGNED-PAYLOAD} signature. */
  HttpResponse<byte[]> send(String method, String path, byte[] body) throws Exception {
    return send(method, path, body, SigV4.UNSIGNED_PAYLOAD);
  }

  /** {@code path} under /services/Walrus, signed with {@code sha} as the payload's hash. */
  HttpResponse<byte[]> send(String method, String path, byte[] body, String sha) throws Exception {
    return send(method, path, body, sha, Map.of());
  }

  /** As above, with {@code headers} sent and signed too. */
  HttpResponse<byte[]> send(String method, String path, byte[] body, String sha, Map<String, String> headers)
      throws Exception {
    URI u = URI.create("http://127.0.0.1:" + port + "/services/Walrus" + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(u).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    signer.sign(method, u, headers, sha, Instant.now()).forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
