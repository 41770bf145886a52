package org.eucalyptus.clc.images;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.UriEncoding;

/**
 * Reads bundle manifests from Walrus over S3, signed with the registering user's own key, so that
 * Walrus's ACLs decide whether that user may use the manifest: the CLC reaches Walrus only
 * through its published protocol.
 */
public final class WalrusManifests {
  /** The largest manifest read: a 10 GiB image in 10 MiB parts has a manifest of about 150 KiB. */
  private static final int MAX_MANIFEST = 4 * 1024 * 1024;

  private final Supplier<URI> walrus;
  private final String region;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A manifest that could not be read, with the reason in the user's terms. */
  public static final class UnreadableManifestException extends Exception {
    public UnreadableManifestException(String message) {
      super(message);
    }
  }

  /** @param walrus Walrus's S3 endpoint, e.g. http://host:8773/services/Walrus (known once it serves) */
  public WalrusManifests(Supplier<URI> walrus, String region, Clock clock) {
    this.walrus = walrus;
    this.region = region;
    this.clock = clock;
  }

  /** The URL of {@code bucket/key} in Walrus, as nodes fetch it. */
  public URI url(String bucket, String key) {
    String base = walrus.get().toString().replaceAll("/+$", "");
    return URI.create(base + "/" + UriEncoding.encode(bucket) + "/" + UriEncoding.encode(key, true));
  }

  /** Reads {@code bucket/key} as {@code who}. */
  public String read(String bucket, String key, AccessKeyOwner who) throws UnreadableManifestException {
    URI uri = url(bucket, key);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    new S3Signer(who.accessKeyId(), who.secretKey(), region)
        .sign("GET", uri, java.util.Map.of(), S3Signer.EMPTY_SHA256, clock.instant()).forEach(b::header);
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UnreadableManifestException("Walrus cannot be reached to read the manifest: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreadableManifestException("interrupted while reading the manifest");
    }
    switch (resp.statusCode()) {
      case 200 -> {
        if (resp.body().length > MAX_MANIFEST) {
          throw new UnreadableManifestException("the manifest is larger than a manifest can be");
        }
        return new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8);
      }
      case 404 -> throw new UnreadableManifestException("HTTP 404 (Not Found) response for " + bucket + "/" + key);
      case 403 -> throw new UnreadableManifestException("HTTP 403 (Forbidden): you may not read " + bucket + "/" + key);
      default -> throw new UnreadableManifestException("HTTP " + resp.statusCode() + " reading " + bucket + "/" + key);
    }
  }
}
