package org.eucalyptus.walrus.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.AuthException;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.auth.RequestAuthenticator;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.ServerRefusal;
import org.eucalyptus.common.http.StreamingHandler;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.policy.Authorization;
import org.eucalyptus.common.policy.PolicySource;
import org.eucalyptus.common.policy.RequestFacts;
import org.eucalyptus.walrus.images.DecryptedImages;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.ObjectStore;
import org.eucalyptus.walrus.store.SnapshotFiles;

/**
 * The S3 REST API at {@code /services/Walrus}, path style or virtual-hosted: takes the bucket and
 * key from the request, passes it through the door ({@link S3Door}), checks its signature, and
 * runs the operation the {@link S3Router} names from the table ({@link S3Operations}); every
 * failure becomes S3's error document in one place ({@link S3Errors}). Bodies stream through.
 */
public final class WalrusService implements StreamingHandler {
  public static final String PATH = "/services/Walrus";
  /** Bodies of requests other than uploads are XML documents of at most this size. */
  private static final int MAX_SMALL_BODY = 2 * 1024 * 1024;

  private final RequestAuthenticator authenticator;
  private final String servicePath;
  private final VirtualHosts virtualHosts;
  private final Map<String, S3Operations.Entry> operations;
  private final PolicySource policies;
  private final org.eucalyptus.walrus.store.RequestCounts requestCounts;

  /**
   * How components are recognised: certificates the cloud CA issued them (node controllers for
   * decrypted images, storage controllers for snapshots), and the Date skew allowed.
   */
  public record NodeAuth(java.security.cert.X509Certificate cloudCa, java.time.Clock clock,
      java.time.Duration skew) {
    /**
     * Checks that {@code http} is signed with a certificate of {@code role} this cloud's CA issued
     * (common's EucaCertAuth), and names the signer in the access log; anyone else is AccessDenied,
     * {@code servedTo} saying to whom the operation is served.
     */
    public void require(org.eucalyptus.common.http.StreamingRequest http, String role, String servedTo)
        throws S3Exception {
      try {
        http.access().principal(org.eucalyptus.common.auth.EucaCertAuth.verify(http.method(), http.rawPath(),
            http::header, cloudCa, role, clock, skew).getSubjectX500Principal().getName());
      } catch (org.eucalyptus.common.auth.AuthException e) {
        throw new S3Exception("AccessDenied", servedTo + ": " + e.getMessage(), HttpResponseStatus.FORBIDDEN);
      }
    }
  }

  /**
   * @param servicePath where the API is mounted: {@link #PATH}, or "" at the root of a port of its
   *     own (for clients that cannot use a service path, such as s3cmd)
   * @param policies where the callers' IAM policies are (the CLC's)
   * @param locations the LocationConstraints CreateBucket accepts (besides none)
   */
  public WalrusService(String servicePath, RequestAuthenticator authenticator, PolicySource policies,
      BucketStore buckets, ObjectStore objects, MultipartStore multipart, DecryptedImages images, NodeAuth nodeAuth,
      SnapshotFiles snapshots, VirtualHosts virtualHosts, Set<String> locations,
      org.eucalyptus.walrus.store.RequestCounts requestCounts, org.eucalyptus.walrus.store.StorageUsage usage) {
    this.servicePath = servicePath;
    this.requestCounts = requestCounts;
    this.authenticator = authenticator;
    this.policies = policies;
    this.virtualHosts = virtualHosts;
    this.operations = S3Operations.table(servicePath, buckets, objects, multipart, images, nodeAuth, snapshots,
        locations, requestCounts, usage);
  }

  @Override
  public StreamingResponse handle(StreamingRequest http) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
    String resource = http.rawPath();
    try {
      String eucaOperation = http.header("EucaOperation");
      if (eucaOperation != null && S3Operations.INTERNAL_OPERATIONS.contains(eucaOperation)) {
        // A storage controller's snapshot request or the cloud controller's usage read: path style always,
        // never a user's bucket, no S3 door (a snapshot may pass S3's 5 GiB limit); the operation checks
        // the certificate first.
        http.access().service("s3").action(eucaOperation + " " + http.method());
        String[] sk;
        Map<String, String> query;
        try {
          sk = S3Request.bucketAndKey(http.rawPath(), servicePath);
          query = S3Request.parseQuery(http.rawQuery());
        } catch (IllegalArgumentException e) {
          throw new S3Exception("InvalidURI", "Couldn't parse the specified URI.", HttpResponseStatus.BAD_REQUEST);
        }
        return operations.get(eucaOperation).operation().handle(new S3Request(http, null, sk[0], sk[1], query, null,
            new byte[0], null));
      }
      String virtualBucket = virtualHosts.bucket(http.header("Host"));
      String[] bk;
      Map<String, String> query;
      try {
        resource = http.path();
        bk = virtualBucket == null ? S3Request.bucketAndKey(http.rawPath(), servicePath)
            : S3Request.keyOf(virtualBucket, http.rawPath(), servicePath);
        query = S3Request.parseQuery(http.rawQuery());
      } catch (IllegalArgumentException e) {
        throw new S3Exception("InvalidURI", "Couldn't parse the specified URI.", HttpResponseStatus.BAD_REQUEST);
      }
      http.access().service("s3").action(http.method() + " /" + (bk[0] == null ? ""
          : bk[0] + (bk[1] == null ? "" : "/" + bk[1])));
      if (bk[0] != null) {
        requestCounts.count(bk[0]); // for usage reports: whatever becomes of it, the request was made
      }
      S3Door.check(bk[0], bk[1], query, http.headers());
      List<String> v2Resources = v2Resources(http.rawPath(), virtualBucket);
      if (EucaCertAuth.present(http::header)) {
        // A node controller's request, signed with its certificate rather than an access key.
        return operations.get(S3Operations.GET_DECRYPTED_IMAGE).operation()
            .handle(new S3Request(http, null, bk[0], bk[1], query, null, new byte[0], null));
      }
      // Object uploads stream; every other body (XML documents: ACLs, deletes, completions) is small.
      boolean objectPut = bk[1] != null && http.method().equals("PUT") && !query.containsKey("acl");
      byte[] smallBody = objectPut ? new byte[0] : readSmall(http.body());
      RequestAuthenticator.V4Signing[] signing = new RequestAuthenticator.V4Signing[1];
      AccessKeyOwner caller = authenticate(http, smallBody, objectPut, v2Resources, s -> signing[0] = s);
      S3Request req = new S3Request(http, caller, bk[0], bk[1], S3Request.withoutAuthentication(query), signing[0],
          smallBody, caller == null ? null : authorization(caller, http));
      S3Operations.Entry op = operations.get(S3Router.operation(req));
      // IAM first, then the operation's ACL checks: both must let the caller through.
      op.permission().check(req);
      return op.operation().handle(req);
    } catch (Exception e) {
      return S3Errors.answer(e, http, resource, requestId);
    }
  }

  /**
   * What an S3 Signature V2 may cover: {@code /bucket/key}, whichever style named the bucket (S3's
   * rule), and under a service path also that path's prefix with it ({@code /services/Walrus/bucket/key}):
   * boto 2 signs the endpoint's path, euca2ools 3 (requestbuilder) leaves it out, and Eucalyptus's
   * Walrus took either. Nothing else: on a root port there is only the one form.
   */
  private List<String> v2Resources(String rawPath, String virtualBucket) {
    String rest = S3Request.afterServicePath(rawPath, servicePath);
    if (virtualBucket == null) {
      return servicePath.isEmpty() ? List.of(rawPath) : List.of(rawPath, rest);
    }
    String resource = "/" + virtualBucket + rest;
    return servicePath.isEmpty() ? List.of(resource) : List.of(servicePath + resource, resource);
  }

  /**
   * What the signer's IAM policies allow, for this request: read once (from the CLC's tables),
   * with the request's facts for conditions (the client's address; whether it came over TLS; now).
   */
  private Authorization authorization(AccessKeyOwner signer, StreamingRequest http) {
    Caller who = signer.caller();
    java.net.InetSocketAddress remote = http.remoteAddress();
    String ip = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    return new Authorization(who, policies.policiesOf(who), new RequestFacts(ip, http.secure(), Instant.now()));
  }

  /** Bodies of requests other than uploads are XML documents of at most 2 MiB; anything larger is refused. */
  private static byte[] readSmall(InputStream in) throws IOException, S3Exception {
    byte[] b = in.readNBytes(MAX_SMALL_BODY + 1);
    if (b.length > MAX_SMALL_BODY) {
      throw new S3Exception("MaxMessageLengthExceeded", "Your request was too big.", HttpResponseStatus.BAD_REQUEST);
    }
    return b;
  }

  /** The request's signer, or null for an anonymous request (what it may do is up to the ACLs). */
  private AccessKeyOwner authenticate(StreamingRequest http, byte[] body, boolean bodyLater, List<String> v2Resources,
      java.util.function.Consumer<RequestAuthenticator.V4Signing> signing) throws S3Exception {
    List<Map.Entry<String, String>> query = new ArrayList<>();
    S3Request.parseQuery(http.rawQuery()).forEach((k, v) -> query.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
    Map<String, String> params = new LinkedHashMap<>();
    query.forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    InboundRequest in = new InboundRequest(http.method(), http.uri(), http.rawPath(), http.rawQuery(), http.headers(),
        body, http.remoteAddress(), http.localAddress(), http.access());
    try {
      return authenticator.authenticateS3(in, query, params, bodyLater, v2Resources, signing);
    } catch (AuthException e) {
      if (e.reason() == AuthException.Reason.MISSING) {
        return null;
      }
      throw S3Errors.of(e, http.header("Authorization") != null);
    }
  }

  /** S3's 503, for a request the server cannot take now (too many connections, no worker free). */
  public static FullHttpResponse busy() {
    return S3Errors.busy();
  }

  /** The HTTP server's own answers to a request for S3, as S3's error document. */
  public static FullHttpResponse refusal(ServerRefusal why) {
    return S3Errors.refusal(why);
  }
}
