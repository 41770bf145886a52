package org.eucalyptus.clc.console;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.xml.XmlChars;

/**
 * The console's S3: requests to Walrus over S3, signed with the signed-in user's own access key, so
 * Walrus's ACLs and the user's policies decide exactly as for their SDK; and presigned URLs the browser
 * uploads to and downloads from itself (an object never passes through the console). A user without an
 * active access key is told to make one: the console holds no key of its own to act with.
 */
final class ConsoleS3 {
  /** How long a presigned link in a page works. */
  static final Duration LINK_LIFE = Duration.ofMinutes(30);

  private final Supplier<URI> walrus;
  private final IdentityStore identity;
  private final String region;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** @param walrus Walrus's S3 endpoint as this process reaches it (null while not known) */
  ConsoleS3(Supplier<URI> walrus, IdentityStore identity, String region, Clock clock) {
    this.walrus = walrus;
    this.identity = identity;
    this.region = region;
    this.clock = clock;
  }

  private AccessKeyOwner key(ConsoleRequest r) throws ApiException {
    return identity.firstActiveKey(r.caller().accountName(), r.caller().userName()).orElseThrow(() ->
        new ApiException("NoAccessKey", "Buckets are reached with your own access key, and you have no active one:"
            + " create one on the Credentials page first.", HttpResponseStatus.FORBIDDEN));
  }

  private URI url(String bucket, String key, String query) throws ApiException {
    URI base = walrus.get();
    if (base == null) {
      throw new ApiException("ServiceUnavailable", "Walrus's address is not known yet.",
          HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    return URI.create(base.toString().replaceAll("/+$", "") + path(bucket, key) + (query.isEmpty() ? "" : "?" + query));
  }

  static String path(String bucket, String key) {
    return (bucket.isEmpty() ? "/" : "/" + UriEncoding.encode(bucket)) + (key == null ? "" : "/"
        + UriEncoding.encode(key, true));
  }

  /** A request as the user; Walrus's error answer becomes an ApiException with S3's code and message. */
  String call(ConsoleRequest r, String method, String bucket, String key, Map<String, String> query)
      throws ApiException {
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(UriEncoding.encode(k))
        .append(v == null ? "" : "=" + UriEncoding.encode(v)));
    URI uri = url(bucket, key, q.toString());
    AccessKeyOwner who = key(r);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody());
    new S3Signer(who.accessKeyId(), who.secretKey(), region)
        .sign(method, uri, Map.of(), S3Signer.EMPTY_SHA256, clock.instant()).forEach(b::header);
    HttpResponse<String> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ApiException("ServiceUnavailable", "Walrus cannot be reached: " + e.getMessage(),
          HttpResponseStatus.SERVICE_UNAVAILABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("ServiceUnavailable", "interrupted", HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    if (resp.statusCode() / 100 == 2) {
      return resp.body();
    }
    // S3's error document; a HEAD's answer has none, and its status says what S3 would have.
    String code = switch (resp.statusCode()) {
      case 404 -> key == null ? "NoSuchBucket" : "NoSuchKey";
      case 403 -> "AccessDenied";
      default -> "S3Error";
    };
    String message = switch (resp.statusCode()) {
      case 404 -> key == null ? "The specified bucket does not exist." : "The specified key does not exist.";
      case 403 -> "Access Denied";
      default -> "Walrus answered HTTP " + resp.statusCode() + ".";
    };
    if (!resp.body().isEmpty()) {
      try {
        ApiDoc doc = ApiDoc.parse(resp.body());
        code = doc.text("Code") == null ? code : doc.text("Code");
        message = doc.text("Message") == null ? message : doc.text("Message");
      } catch (RuntimeException notXml) {
        // keep what the status says
      }
    }
    throw new ApiException(code, XmlChars.printable(message), HttpResponseStatus.valueOf(resp.statusCode()));
  }

  /** What makes the links of one page: the user's key, looked up once however many links the page has. */
  final class Links {
    private final S3Signer signer;
    private final String s3Base;

    private Links(S3Signer signer, String s3Base) {
      this.signer = signer;
      this.s3Base = s3Base.replaceAll("/+$", "");
    }

    /** A link the browser itself uses to {@code method} the object. */
    URI to(String method, String bucket, String key) {
      return signer.presign(method, URI.create(s3Base + path(bucket, key)), LINK_LIFE, clock.instant());
    }
  }

  /** Links for {@code r}'s user, at {@code s3Base} (the URL the browser knows Walrus by). */
  Links links(ConsoleRequest r, String s3Base) throws ApiException {
    AccessKeyOwner who = key(r);
    return new Links(new S3Signer(who.accessKeyId(), who.secretKey(), region), s3Base);
  }
}
