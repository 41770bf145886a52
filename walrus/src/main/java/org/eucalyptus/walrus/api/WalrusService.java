package org.eucalyptus.walrus.api;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.AuthException;
import org.eucalyptus.common.auth.AwsChunkedInputStream;
import org.eucalyptus.common.auth.RequestAuthenticator;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.StreamingHandler;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.BucketStore;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.DataFiles;
import org.eucalyptus.walrus.store.ObjectStore;

/**
 * The S3 REST API at {@code /services/Walrus}, path style: buckets (create, list, head, delete,
 * location) and objects (put, get with ranges and conditions, head, delete, list v1 and v2). Bodies
 * stream through; every failure becomes S3's error document here.
 */
public final class WalrusService implements StreamingHandler {
  private static final Logger LOG = LogManager.getLogger(WalrusService.class);
  public static final String PATH = "/services/Walrus";
  private static final String S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final RequestAuthenticator authenticator;
  private final BucketStore buckets;
  private final ObjectStore objects;
  private final MultipartStore multipart;
  private final String servicePath;
  private final org.eucalyptus.walrus.images.DecryptedImages images;
  private final NodeAuth nodeAuth;
  private final VirtualHosts virtualHosts;
  private final java.util.Set<String> locations;

  /** How node controllers are recognised: certificates the cloud CA issued to nodes. */
  public record NodeAuth(java.security.cert.X509Certificate cloudCa, java.time.Clock clock,
      java.time.Duration skew) {}

  /**
   * @param servicePath where the API is mounted: {@link #PATH}, or "" at the root of a port of its
   *     own (for clients that cannot use a service path, such as s3cmd)
   * @param locations the LocationConstraints CreateBucket accepts (besides none)
   */
  public WalrusService(String servicePath, RequestAuthenticator authenticator, BucketStore buckets,
      ObjectStore objects, MultipartStore multipart, org.eucalyptus.walrus.images.DecryptedImages images,
      NodeAuth nodeAuth, VirtualHosts virtualHosts, java.util.Set<String> locations) {
    this.locations = java.util.Set.copyOf(locations);
    this.virtualHosts = virtualHosts;
    this.images = images;
    this.nodeAuth = nodeAuth;
    this.servicePath = servicePath;
    this.authenticator = authenticator;
    this.buckets = buckets;
    this.objects = objects;
    this.multipart = multipart;
  }

  @Override
  public StreamingResponse handle(StreamingRequest http) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    String resource = http.rawPath();
    try {
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
      S3Door.check(bk[0], bk[1], query, http.headers());
      List<String> v2Resources = v2Resources(http.rawPath(), virtualBucket);
      if (org.eucalyptus.common.auth.EucaCertAuth.present(http::header)) {
        return decryptedImage(http, bk[0], bk[1]);
      }
      // Object uploads stream; every other body (XML documents: ACLs, deletes, completions) is small.
      boolean objectPut = bk[1] != null && http.method().equals("PUT") && !query.containsKey("acl");
      byte[] smallBody = objectPut ? new byte[0] : readSmall(http.body());
      RequestAuthenticator.V4Signing[] signing = new RequestAuthenticator.V4Signing[1];
      AccessKeyOwner caller = authenticate(http, smallBody, objectPut, v2Resources, s -> signing[0] = s);
      S3Request req = new S3Request(http, caller, bk[0], bk[1], S3Request.withoutAuthentication(query), signing[0]);
      if (req.bucket() == null) {
        if (!http.method().equals("GET")) {
          throw new S3Exception("MethodNotAllowed", "The specified method is not allowed against this resource.",
              HttpResponseStatus.METHOD_NOT_ALLOWED);
        }
        if (caller == null) {
          throw denied();
        }
        return listBuckets(caller);
      }
      if (req.key() == null) {
        return bucketOperation(req, smallBody);
      }
      return objectOperation(req, smallBody);
    } catch (S3Exception e) {
      http.access().errorCode(e.code());
      return error(e.status(), e.code(), e.getMessage(), resource, requestId);
    } catch (IOException | SQLException | RuntimeException e) {
      S3Exception mapped = asFault(e);
      if (mapped != null) {
        http.access().errorCode(mapped.code());
        LOG.info("S3 request {} refused: {} {}: {}", requestId, http.method(), http.uri(), e.toString());
        return error(mapped.status(), mapped.code(), mapped.getMessage(), resource, requestId);
      }
      if (storageFull(e)) {
        http.access().errorCode("ServiceUnavailable");
        // Not the client's fault and not a bug: say so, as a 503 the SDKs retry with back-off.
        LOG.warn("S3 request {} refused: {} {}: the storage is full", requestId, http.method(), http.uri());
        return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
            "Walrus's storage is full (no space left on device); nothing was stored.", resource, requestId);
      }
      LOG.error("S3 request {} failed: {} {}", requestId, http.method(), http.rawPath(), e);
      http.access().errorCode("InternalError");
      return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError",
          "We encountered an internal error. Please try again.", resource, requestId);
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
   * A failure that is the request's fault although no check caught it: a value the database
   * refused (SQL states 22: too long or malformed; 23: a constraint), InvalidArgument; and an
   * answer the XML writer refused (a character XML cannot carry, stored before the door refused
   * them), a clear InternalError instead of a broken document. Null for anything else.
   */
  private static S3Exception asFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
        return new S3Exception("InvalidArgument", "A value in the request is too long or not valid where it is kept.",
            HttpResponseStatus.BAD_REQUEST);
      }
      if (t instanceof org.eucalyptus.common.xml.InvalidXmlCharacterException) {
        return new S3Exception("InternalError", "The answer would hold a character XML cannot carry, stored before"
            + " such input was refused (" + t.getMessage() + ").", HttpResponseStatus.INTERNAL_SERVER_ERROR);
      }
    }
    return null;
  }

  /** Whether a failure is the storage's file system being full (ENOSPC, as the JDK words it). */
  private static boolean storageFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  /**
   * GetDecryptedImage, for node controllers only (3.1's request: {@code EucaOperation: GetDecryptedImage}
   * on the manifest's URL, signed with the node's certificate): the image the bundle holds, ready to boot.
   */
  private StreamingResponse decryptedImage(StreamingRequest http, String bucket, String key)
      throws S3Exception, IOException, SQLException {
    if (images == null) {
      throw new S3Exception("ServiceUnavailable", "This Walrus has no cloud keys, so it serves no decrypted images.",
          HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    try {
      http.access().principal(org.eucalyptus.common.auth.EucaCertAuth.verify(http.method(), http.rawPath(),
          http::header, nodeAuth.cloudCa(), org.eucalyptus.common.pki.ComponentIdentity.NODE, nodeAuth.clock(),
          nodeAuth.skew()).getSubjectX500Principal().getName());
      http.access().action("GetDecryptedImage " + http.access().action());
    } catch (AuthException e) {
      throw new S3Exception("AccessDenied", "Decrypted images are served to this cloud's node controllers only: "
          + e.getMessage(), HttpResponseStatus.FORBIDDEN);
    }
    String op = http.header("EucaOperation");
    if (!"GetDecryptedImage".equals(op)) {
      throw new S3Exception("InvalidArgument", "A node's request must say EucaOperation: GetDecryptedImage.",
          HttpResponseStatus.BAD_REQUEST);
    }
    if (!http.method().equals("GET") && !http.method().equals("HEAD")) {
      throw new S3Exception("MethodNotAllowed", "GetDecryptedImage is a GET.", HttpResponseStatus.METHOD_NOT_ALLOWED);
    }
    if (bucket == null || key == null) {
      throw new S3Exception("InvalidArgument", "GetDecryptedImage names a manifest: /bucket/name.manifest.xml.",
          HttpResponseStatus.BAD_REQUEST);
    }
    org.eucalyptus.walrus.images.DecryptedImages.Image image;
    try {
      image = images.get(bucket, key);
    } catch (org.eucalyptus.walrus.images.DecryptedImages.UnservableImageException e) {
      if (e.notFound()) {
        throw new S3Exception("NoSuchKey", e.getMessage(), HttpResponseStatus.NOT_FOUND);
      }
      throw new S3Exception("InvalidManifest", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
    HttpHeaders h = new DefaultHttpHeaders().set("Content-Type", "application/octet-stream")
        .set("ETag", "\"" + image.manifestEtag() + "\"");
    return http.method().equals("HEAD") ? headWithLength(HttpResponseStatus.OK, h, image.size())
        : StreamingResponse.file(HttpResponseStatus.OK, h, image.file(), 0, image.size());
  }

  /** Bodies of requests other than uploads are XML documents of at most 2 MiB; anything larger is refused. */
  private static byte[] readSmall(InputStream in) throws IOException, S3Exception {
    byte[] b = in.readNBytes(2 * 1024 * 1024 + 1);
    if (b.length > 2 * 1024 * 1024) {
      throw new S3Exception("MaxMessageLengthExceeded", "Your request was too big.", HttpResponseStatus.BAD_REQUEST);
    }
    return b;
  }

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
      switch (e.reason()) {
        case MISSING -> {
          return null; // anonymous: what it may do is up to the ACLs
        }
        case UNKNOWN_KEY -> throw new S3Exception("InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.", HttpResponseStatus.FORBIDDEN);
        case BAD_SIGNATURE -> throw new S3Exception("SignatureDoesNotMatch", e.getMessage(), HttpResponseStatus.FORBIDDEN);
        case EXPIRED -> throw new S3Exception("RequestTimeTooSkewed", e.getMessage(), HttpResponseStatus.FORBIDDEN);
        case URL_EXPIRED -> throw new S3Exception("AccessDenied", "Request has expired", HttpResponseStatus.FORBIDDEN);
        default -> throw new S3Exception(http.header("Authorization") == null ? "AuthorizationQueryParametersError"
            : "AuthorizationHeaderMalformed", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
      }
    }
  }

  private StreamingResponse listBuckets(AccessKeyOwner caller) throws SQLException {
    XmlWriter x = new XmlWriter().root("ListAllMyBucketsResult", S3_NS)
        .start("Owner").element("ID", caller.accountNumber()).element("DisplayName", caller.accountName()).end()
        .start("Buckets");
    for (BucketStore.Bucket b : buckets.listOwnedBy(caller.accountNumber())) {
      x.start("Bucket").element("Name", b.name()).element("CreationDate", isoTime(b.created())).end();
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.end().toString());
  }

  private StreamingResponse bucketOperation(S3Request req, byte[] body)
      throws S3Exception, SQLException, IOException {
    String bucket = req.bucket();
    switch (req.method()) {
      case "PUT":
        if (req.query().containsKey("acl")) {
          BucketStore.Bucket target = bucket(req, Acl.Permission.WRITE_ACP);
          buckets.setAcl(bucket, newAcl(req, body, target.ownerAccount(), target.ownerAccount()));
          return StreamingResponse.of(HttpResponseStatus.OK, new DefaultHttpHeaders(), new byte[0]);
        }
        if (!req.query().isEmpty()) {
          throw notImplemented();
        }
        return createBucket(req, body);
      case "HEAD":
        bucket(req, Acl.Permission.READ);
        return StreamingResponse.head(HttpResponseStatus.OK, new DefaultHttpHeaders());
      case "POST":
        if (!req.query().containsKey("delete")) {
          throw notImplemented();
        }
        bucket(req, Acl.Permission.WRITE);
        return deleteObjects(req, body);
      case "DELETE":
        ownedBucket(req);
        if (!buckets.deleteIfEmpty(bucket)) {
          throw new S3Exception("BucketNotEmpty", "The bucket you tried to delete is not empty.",
              HttpResponseStatus.CONFLICT);
        }
        return StreamingResponse.of(HttpResponseStatus.NO_CONTENT, new DefaultHttpHeaders(), new byte[0]);
      case "GET":
        if (req.query().containsKey("acl")) {
          return StreamingResponse.xml(HttpResponseStatus.OK, bucket(req, Acl.Permission.READ_ACP).acl().toXml(S3_NS));
        }
        BucketStore.Bucket b = req.query().isEmpty() || req.query().containsKey("prefix")
            || req.query().containsKey("list-type") || req.query().containsKey("marker")
            || req.query().containsKey("delimiter") || req.query().containsKey("max-keys")
            || req.query().containsKey("continuation-token") || req.query().containsKey("start-after")
            || req.query().containsKey("encoding-type") || req.query().containsKey("uploads")
            ? bucket(req, Acl.Permission.READ) : ownedBucket(req);
        if (req.query().containsKey("versioning")) {
          // Versioning has never been turned on here: S3 answers an empty configuration.
          return StreamingResponse.xml(HttpResponseStatus.OK,
              new XmlWriter().root("VersioningConfiguration", S3_NS).toString());
        }
        if (req.query().containsKey("logging")) {
          return StreamingResponse.xml(HttpResponseStatus.OK,
              new XmlWriter().root("BucketLoggingStatus", S3_NS).toString());
        }
        if (req.query().containsKey("uploads")) {
          return listUploads(req);
        }
        if (req.query().containsKey("location")) {
          return StreamingResponse.xml(HttpResponseStatus.OK, new XmlWriter().root("LocationConstraint", S3_NS)
              .toString().replace("></LocationConstraint>", ">" + XmlWriter.escape(b.location() == null ? ""
                  : b.location()) + "</LocationConstraint>"));
        }
        if (req.query().keySet().stream().anyMatch(k -> !List.of("prefix", "delimiter", "marker", "max-keys",
            "list-type", "continuation-token", "start-after", "encoding-type", "fetch-owner").contains(k))) {
          throw notImplemented();
        }
        return listObjects(req);
      default:
        throw new S3Exception("MethodNotAllowed", "The specified method is not allowed against this resource.",
            HttpResponseStatus.METHOD_NOT_ALLOWED);
    }
  }

  private StreamingResponse createBucket(S3Request req, byte[] body) throws S3Exception, SQLException {
    String bucket = req.bucket();
    if (!BucketStore.validName(bucket)) {
      throw new S3Exception("InvalidBucketName", "The specified bucket is not valid.", HttpResponseStatus.BAD_REQUEST);
    }
    String location = S3Door.location(body, locations);
    if (req.caller() == null) {
      throw denied();
    }
    Acl acl = newAcl(req, new byte[0], req.caller().accountNumber(), req.caller().accountNumber());
    if (!buckets.create(bucket, req.caller().accountNumber(), location, acl)) {
      boolean mine = buckets.find(bucket).map(b -> b.ownerAccount().equals(req.caller().accountNumber())).orElse(false);
      throw mine
          ? new S3Exception("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded.",
              HttpResponseStatus.CONFLICT)
          : new S3Exception("BucketAlreadyExists", "The requested bucket name is not available.",
              HttpResponseStatus.CONFLICT);
    }
    HttpHeaders h = new DefaultHttpHeaders().set("Location", "/" + bucket);
    return StreamingResponse.of(HttpResponseStatus.OK, h, new byte[0]);
  }

  /** Multi-object delete: each key of the Delete document, with a result per key. */
  private StreamingResponse deleteObjects(S3Request req, byte[] body) throws S3Exception, SQLException, IOException {
    List<String> keys = new ArrayList<>();
    boolean quiet;
    try {
      var d = org.eucalyptus.common.xml.XmlDocuments.parse(body);
      var list = d.getElementsByTagNameNS("*", "Key");
      for (int i = 0; i < list.getLength(); i++) {
        keys.add(list.item(i).getTextContent());
      }
      var q = d.getElementsByTagNameNS("*", "Quiet");
      quiet = q.getLength() > 0 && "true".equals(q.item(0).getTextContent().strip());
    } catch (org.xml.sax.SAXException | IOException e) {
      throw new S3Exception("MalformedXML", "The XML you provided was not well-formed or did not validate against"
          + " our published schema.", HttpResponseStatus.BAD_REQUEST);
    }
    if (keys.isEmpty() || keys.size() > 1000) {
      throw new S3Exception("MalformedXML", "A Delete names 1 to 1000 keys.", HttpResponseStatus.BAD_REQUEST);
    }
    XmlWriter x = new XmlWriter().root("DeleteResult", S3_NS);
    for (String k : keys) {
      objects.delete(req.bucket(), k);
      if (!quiet) {
        x.start("Deleted").element("Key", k).end();
      }
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.toString());
  }

  /** The request's bucket, if the caller (perhaps anonymous) holds {@code wanted} on it. */
  private BucketStore.Bucket bucket(S3Request req, Acl.Permission wanted) throws S3Exception, SQLException {
    BucketStore.Bucket b = buckets.find(req.bucket()).orElseThrow(() -> new S3Exception("NoSuchBucket",
        "The specified bucket does not exist", HttpResponseStatus.NOT_FOUND));
    if (!b.acl().allows(account(req), wanted)) {
      throw denied();
    }
    return b;
  }

  /** The request's bucket, for what only its owner may do (delete it, see its settings). */
  private BucketStore.Bucket ownedBucket(S3Request req) throws S3Exception, SQLException {
    BucketStore.Bucket b = bucket(req, Acl.Permission.FULL_CONTROL);
    if (!b.ownerAccount().equals(account(req))) {
      throw denied();
    }
    return b;
  }

  private static String account(S3Request req) {
    return req.caller() == null ? null : req.caller().accountNumber();
  }

  private static S3Exception denied() {
    return new S3Exception("AccessDenied", "Access Denied", HttpResponseStatus.FORBIDDEN);
  }

  /**
   * The ACL a request sets: a canned x-amz-acl, x-amz-grant-* headers, an AccessControlPolicy
   * document, or (with none of them) private to its owner.
   */
  private static Acl newAcl(S3Request req, byte[] body, String owner, String bucketOwner) throws S3Exception {
    try {
      String canned = req.header("x-amz-acl");
      if (canned != null) {
        return Acl.canned(canned, owner, bucketOwner);
      }
      List<Acl.Grant> grants = new ArrayList<>();
      for (Acl.Permission p : Acl.Permission.values()) {
        String h = req.header("x-amz-grant-" + p.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (h != null) {
          grants.addAll(Acl.fromGrantHeader(p, h));
        }
      }
      if (!grants.isEmpty()) {
        return new Acl(owner, grants);
      }
      if (body.length > 0) {
        return parseAcl(body, owner);
      }
      return Acl.privateTo(owner);
    } catch (IllegalArgumentException e) {
      throw new S3Exception("InvalidArgument", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
  }

  private static Acl parseAcl(byte[] body, String owner) throws S3Exception {
    try {
      var grants = org.eucalyptus.common.xml.XmlDocuments.parse(body)
          .getElementsByTagNameNS("*", "Grant");
      List<Acl.Grant> out = new ArrayList<>();
      for (int i = 0; i < grants.getLength(); i++) {
        var g = (org.w3c.dom.Element) grants.item(i);
        Acl.Permission p = Acl.Permission.valueOf(g.getElementsByTagNameNS("*", "Permission").item(0)
            .getTextContent().strip());
        var uri = g.getElementsByTagNameNS("*", "URI");
        var id = g.getElementsByTagNameNS("*", "ID");
        if (uri.getLength() > 0) {
          out.addAll(Acl.fromGrantHeader(p, "uri=" + uri.item(0).getTextContent().strip()));
        } else if (id.getLength() > 0) {
          String who = id.item(0).getTextContent().strip();
          if (!who.equals(owner)) {
            out.add(new Acl.Grant(Acl.canonicalId(who), false, p));
          }
        }
      }
      return new Acl(owner, out);
    } catch (Exception e) {
      throw new S3Exception("MalformedACLError", "The XML you provided was not well-formed or did not validate"
          + " against our published schema.", HttpResponseStatus.BAD_REQUEST);
    }
  }

  private StreamingResponse listObjects(S3Request req) throws S3Exception, SQLException {
    Map<String, String> q = req.query();
    boolean v2 = "2".equals(q.get("list-type"));
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.get("delimiter");
    int max;
    try {
      max = Math.min(1000, Integer.parseInt(q.getOrDefault("max-keys", "1000")));
    } catch (NumberFormatException e) {
      throw new S3Exception("InvalidArgument", "max-keys must be a whole number", HttpResponseStatus.BAD_REQUEST);
    }
    if (max < 0) {
      throw new S3Exception("InvalidArgument", "max-keys must not be negative", HttpResponseStatus.BAD_REQUEST);
    }
    boolean url = "url".equals(q.get("encoding-type"));
    String after = v2 ? (q.containsKey("continuation-token") ? token(q.get("continuation-token"))
        : q.get("start-after")) : q.get("marker");
    ObjectStore.Listing l = objects.list(req.bucket(), prefix, delimiter, after, max);
    XmlWriter x = new XmlWriter().root("ListBucketResult", S3_NS).element("Name", req.bucket())
        .element("Prefix", enc(prefix, url));
    if (v2) {
      x.element("KeyCount", l.objects().size() + l.commonPrefixes().size());
      if (q.containsKey("continuation-token")) {
        x.element("ContinuationToken", q.get("continuation-token"));
      }
      if (q.containsKey("start-after")) {
        x.element("StartAfter", enc(q.get("start-after"), url));
      }
      if (l.truncated()) {
        x.element("NextContinuationToken", java.util.Base64.getUrlEncoder().encodeToString(
            l.nextKey().getBytes(StandardCharsets.UTF_8)));
      }
    } else {
      x.element("Marker", enc(q.getOrDefault("marker", ""), url));
      if (l.truncated() && delimiter != null) {
        x.element("NextMarker", enc(l.nextKey(), url));
      }
    }
    x.element("MaxKeys", max);
    if (delimiter != null) {
      x.element("Delimiter", enc(delimiter, url));
    }
    if (url) {
      x.element("EncodingType", "url");
    }
    x.element("IsTruncated", l.truncated());
    for (ObjectStore.StoredObject o : l.objects()) {
      x.start("Contents").element("Key", enc(o.key(), url)).element("LastModified", isoTime(o.lastModified()))
          .element("ETag", "\"" + o.etag() + "\"").element("Size", o.size()).element("StorageClass", "STANDARD");
      if (!v2 || "true".equals(q.get("fetch-owner"))) {
        x.start("Owner").element("ID", o.ownerAccount()).element("DisplayName", o.ownerAccount()).end();
      }
      x.end();
    }
    for (String p : l.commonPrefixes()) {
      x.start("CommonPrefixes").element("Prefix", enc(p, url)).end();
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.toString());
  }

  private static String token(String t) throws S3Exception {
    try {
      return new String(java.util.Base64.getUrlDecoder().decode(t), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new S3Exception("InvalidArgument", "The continuation token provided is incorrect",
          HttpResponseStatus.BAD_REQUEST);
    }
  }

  private static String enc(String s, boolean url) {
    return url ? UriEncoding.encode(s, true) : s;
  }

  private StreamingResponse objectOperation(S3Request req, byte[] body)
      throws S3Exception, SQLException, IOException {
    boolean writing = req.method().equals("PUT") && !req.query().containsKey("acl")
        || req.method().equals("DELETE") || req.method().equals("POST") || req.query().containsKey("uploadId");
    BucketStore.Bucket bucket = writing ? bucket(req, Acl.Permission.WRITE)
        : buckets.find(req.bucket()).orElseThrow(() -> new S3Exception("NoSuchBucket",
            "The specified bucket does not exist", HttpResponseStatus.NOT_FOUND));
    if (req.query().containsKey("uploads") && req.method().equals("POST")) {
      MultipartStore.Upload u = multipart.initiate(req.bucket(), req.key(), writer(req),
          req.header("Content-Type"), userMetadata(req));
      return StreamingResponse.xml(HttpResponseStatus.OK, new XmlWriter().root("InitiateMultipartUploadResult", S3_NS)
          .element("Bucket", u.bucket()).element("Key", u.key()).element("UploadId", u.uploadId()).toString());
    }
    if (req.query().containsKey("uploadId")) {
      return uploadOperation(req, body);
    }
    if (req.query().containsKey("acl")) {
      ObjectStore.StoredObject o = objects.get(req.bucket(), req.key()).orElseThrow(() ->
          new S3Exception("NoSuchKey", "The specified key does not exist.", HttpResponseStatus.NOT_FOUND));
      if (req.method().equals("GET")) {
        if (!o.acl().allows(account(req), Acl.Permission.READ_ACP)) {
          throw denied();
        }
        return StreamingResponse.xml(HttpResponseStatus.OK, o.acl().toXml(S3_NS));
      }
      if (req.method().equals("PUT")) {
        if (!o.acl().allows(account(req), Acl.Permission.WRITE_ACP)) {
          throw denied();
        }
        objects.setAcl(req.bucket(), req.key(), newAcl(req, body, o.ownerAccount(), bucket.ownerAccount()));
        return StreamingResponse.of(HttpResponseStatus.OK, new DefaultHttpHeaders(), new byte[0]);
      }
    }
    if (req.query().keySet().stream().anyMatch(k -> !k.startsWith("response-"))) {
      throw notImplemented();
    }
    return switch (req.method()) {
      case "PUT" -> putObject(req, bucket);
      case "GET", "HEAD" -> getObject(req);
      case "DELETE" -> {
        objects.delete(req.bucket(), req.key());
        yield StreamingResponse.of(HttpResponseStatus.NO_CONTENT, new DefaultHttpHeaders(), new byte[0]);
      }
      default -> throw new S3Exception("MethodNotAllowed", "The specified method is not allowed against this resource.",
          HttpResponseStatus.METHOD_NOT_ALLOWED);
    };
  }

  /** Who a new object belongs to: the caller, or "anonymous" in a bucket open to everyone. */
  private static String writer(S3Request req) {
    return req.caller() == null ? "anonymous" : req.caller().accountNumber();
  }

  private StreamingResponse putObject(S3Request req, BucketStore.Bucket bucket)
      throws S3Exception, SQLException, IOException {
    if (req.header("x-amz-copy-source") != null) {
      return copyObject(req, bucket);
    }
    Upload body = uploadBody(req);
    Map<String, String> meta = userMetadata(req);
    ObjectStore.StoredObject o;
    try {
      o = objects.put(req.bucket(), req.key(), body.in(), body.length(), req.header("Content-MD5"), body.sha256(),
          req.header("Content-Type"), meta, writer(req), newAcl(req, new byte[0], writer(req), bucket.ownerAccount()));
    } catch (DataFiles.BadDigestException e) {
      throw new S3Exception(e.code(), e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    } catch (AwsChunkedInputStream.BadChunkException e) {
      throw e.getMessage().contains("signature")
          ? new S3Exception("SignatureDoesNotMatch", e.getMessage(), HttpResponseStatus.FORBIDDEN)
          : new S3Exception("BadDigest", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
    HttpHeaders h = new DefaultHttpHeaders().set("ETag", "\"" + o.etag() + "\"");
    return StreamingResponse.of(HttpResponseStatus.OK, h, new byte[0]);
  }

  /** Part uploads, listing, completion and abort of one multipart upload. */
  private StreamingResponse uploadOperation(S3Request req, byte[] body) throws S3Exception, SQLException, IOException {
    MultipartStore.Upload u = multipart.find(req.query().get("uploadId"))
        .filter(x -> x.bucket().equals(req.bucket()) && x.key().equals(req.key()))
        .orElseThrow(() -> new S3Exception("NoSuchUpload", "The specified upload does not exist.",
            HttpResponseStatus.NOT_FOUND));
    try {
      switch (req.method()) {
        case "PUT" -> {
          int n;
          try {
            n = Integer.parseInt(req.query().getOrDefault("partNumber", ""));
          } catch (NumberFormatException e) {
            n = 0;
          }
          if (n < 1 || n > 10000) {
            throw new S3Exception("InvalidArgument", "Part number must be an integer between 1 and 10000",
                HttpResponseStatus.BAD_REQUEST);
          }
          if (req.header("x-amz-copy-source") != null) {
            return copyPart(req, u, n);
          }
          Upload body2 = uploadBody(req);
          MultipartStore.Part p = multipart.putPart(u, n, body2.in(), body2.length(), req.header("Content-MD5"),
              body2.sha256());
          return StreamingResponse.of(HttpResponseStatus.OK,
              new DefaultHttpHeaders().set("ETag", "\"" + p.etag() + "\""), new byte[0]);
        }
        case "GET" -> {
          XmlWriter x = new XmlWriter().root("ListPartsResult", S3_NS).element("Bucket", u.bucket())
              .element("Key", u.key()).element("UploadId", u.uploadId()).element("IsTruncated", "false");
          for (MultipartStore.Part p : multipart.parts(u.uploadId())) {
            x.start("Part").element("PartNumber", p.number()).element("LastModified", isoTime(p.lastModified()))
                .element("ETag", "\"" + p.etag() + "\"").element("Size", p.size()).end();
          }
          return StreamingResponse.xml(HttpResponseStatus.OK, x.toString());
        }
        case "DELETE" -> {
          multipart.abort(u);
          return StreamingResponse.of(HttpResponseStatus.NO_CONTENT, new DefaultHttpHeaders(), new byte[0]);
        }
        case "POST" -> {
          List<Integer> numbers = new ArrayList<>();
          List<String> etags = new ArrayList<>();
          parseCompletion(body, numbers, etags);
          ObjectStore.StoredObject o = multipart.complete(u, numbers, etags);
          return StreamingResponse.xml(HttpResponseStatus.OK, new XmlWriter()
              .root("CompleteMultipartUploadResult", S3_NS)
              .element("Location", servicePath + "/" + o.bucket() + "/" + o.key()).element("Bucket", o.bucket())
              .element("Key", o.key()).element("ETag", "\"" + o.etag() + "\"").toString());
        }
        default -> throw new S3Exception("MethodNotAllowed", "The specified method is not allowed against this"
            + " resource.", HttpResponseStatus.METHOD_NOT_ALLOWED);
      }
    } catch (MultipartStore.MultipartException e) {
      throw new S3Exception(e.code(), e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    } catch (DataFiles.BadDigestException e) {
      throw new S3Exception(e.code(), e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    } catch (AwsChunkedInputStream.BadChunkException e) {
      throw e.getMessage().contains("signature")
          ? new S3Exception("SignatureDoesNotMatch", e.getMessage(), HttpResponseStatus.FORBIDDEN)
          : new S3Exception("BadDigest", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
    }
  }

  /** UploadPartCopy: a part made from (a byte range of) an existing object. */
  private StreamingResponse copyPart(S3Request req, MultipartStore.Upload u, int n)
      throws S3Exception, SQLException, IOException, DataFiles.BadDigestException {
    ObjectStore.StoredObject source = copySource(req);
    long from = 0;
    long length = source.size();
    String range = req.header("x-amz-copy-source-range");
    if (range != null) {
      if (!range.startsWith("bytes=") || range.indexOf('-') < 7) {
        throw new S3Exception("InvalidArgument", "x-amz-copy-source-range looks like bytes=first-last",
            HttpResponseStatus.BAD_REQUEST);
      }
      long[] r = range(range.substring(6), source.size());
      from = r[0];
      length = r[1] - r[0] + 1;
    }
    MultipartStore.Part p;
    try (InputStream in = java.nio.file.Files.newInputStream(objects.path(source))) {
      in.skipNBytes(from);
      p = multipart.putPart(u, n, new LimitedInputStream(in, length), length, null, null);
    }
    String xml = new XmlWriter().root("CopyPartResult", S3_NS).element("LastModified", isoTime(p.lastModified()))
        .element("ETag", "\"" + p.etag() + "\"").toString();
    return StreamingResponse.xml(HttpResponseStatus.OK, xml);
  }

  /** Reads at most {@code left} bytes of a stream. */
  private static final class LimitedInputStream extends java.io.FilterInputStream {
    private long left;

    LimitedInputStream(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  private static void parseCompletion(byte[] body, List<Integer> numbers, List<String> etags) throws S3Exception {
    try {
      var parts = org.eucalyptus.common.xml.XmlDocuments.parse(body).getElementsByTagNameNS("*", "Part");
      for (int i = 0; i < parts.getLength(); i++) {
        var p = (org.w3c.dom.Element) parts.item(i);
        numbers.add(Integer.parseInt(p.getElementsByTagNameNS("*", "PartNumber").item(0).getTextContent().strip()));
        etags.add(p.getElementsByTagNameNS("*", "ETag").item(0).getTextContent());
      }
    } catch (Exception e) {
      throw new S3Exception("MalformedXML", "The XML you provided was not well-formed or did not validate against our"
          + " published schema.", HttpResponseStatus.BAD_REQUEST);
    }
  }

  private StreamingResponse listUploads(S3Request req) throws SQLException {
    XmlWriter x = new XmlWriter().root("ListMultipartUploadsResult", S3_NS).element("Bucket", req.bucket())
        .element("IsTruncated", "false");
    for (MultipartStore.Upload u : multipart.uploads(req.bucket())) {
      x.start("Upload").element("Key", u.key()).element("UploadId", u.uploadId())
          .element("Initiated", isoTime(u.initiated())).end();
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.toString());
  }

  /** An upload's body as the request sends it: plain, or aws-chunked; its length; a SHA-256 to check, if any. */
  private record Upload(InputStream in, long length, String sha256) {}

  private Upload uploadBody(S3Request req) throws S3Exception {
    String sha = req.header("x-amz-content-sha256");
    InputStream body = req.http().body();
    String lengthHeader = req.header("Content-Length");
    if (sha != null && sha.startsWith("STREAMING-")) {
      // aws-chunked, as the SDKs send by default: signed chunks, and perhaps a trailing checksum.
      boolean signed = sha.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
      if (!signed && !sha.equals("STREAMING-UNSIGNED-PAYLOAD-TRAILER")) {
        throw new S3Exception("InvalidArgument", "Unknown x-amz-content-sha256 " + sha, HttpResponseStatus.BAD_REQUEST);
      }
      if (signed && req.signing() == null) {
        throw new S3Exception("InvalidArgument", "Signed chunks need a Signature Version 4 request",
            HttpResponseStatus.BAD_REQUEST);
      }
      lengthHeader = req.header("x-amz-decoded-content-length");
      if (lengthHeader == null) {
        throw new S3Exception("MissingContentLength", "aws-chunked uploads need x-amz-decoded-content-length.",
            HttpResponseStatus.LENGTH_REQUIRED);
      }
      try {
        body = new AwsChunkedInputStream(body, signed ? req.signing() : null, req.header("x-amz-trailer"));
      } catch (AwsChunkedInputStream.BadChunkException e) {
        throw new S3Exception("InvalidArgument", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
      }
      sha = null;
    }
    if (lengthHeader == null) {
      throw new S3Exception("MissingContentLength", "You must provide the Content-Length HTTP header.",
          HttpResponseStatus.LENGTH_REQUIRED);
    }
    try {
      return new Upload(body, Long.parseLong(lengthHeader), sha != null && sha.matches("[0-9a-fA-F]{64}") ? sha : null);
    } catch (NumberFormatException e) {
      throw new S3Exception("InvalidArgument", "Content-Length is not a number", HttpResponseStatus.BAD_REQUEST);
    }
  }

  /** CopyObject: x-amz-copy-source (bucket/key), with x-amz-metadata-directive COPY (default) or REPLACE. */
  private StreamingResponse copyObject(S3Request req, BucketStore.Bucket bucket)
      throws S3Exception, SQLException, IOException {
    ObjectStore.StoredObject source = copySource(req);
    String srcBucket = source.bucket();
    String srcKey = source.key();
    String directive = req.header("x-amz-metadata-directive") == null ? "COPY" : req.header("x-amz-metadata-directive");
    boolean replace = directive.equals("REPLACE");
    if (!replace && !directive.equals("COPY")) {
      throw new S3Exception("InvalidArgument", "x-amz-metadata-directive is COPY or REPLACE",
          HttpResponseStatus.BAD_REQUEST);
    }
    if (!replace && srcBucket.equals(req.bucket()) && srcKey.equals(req.key())) {
      throw new S3Exception("InvalidRequest", "This copy request is illegal because it is trying to copy an object"
          + " to itself without changing the object's metadata.", HttpResponseStatus.BAD_REQUEST);
    }
    ObjectStore.StoredObject o = objects.copy(source, req.bucket(), req.key(),
        replace ? req.header("Content-Type") : source.contentType(), replace ? userMetadata(req) : source.metadata(),
        writer(req), newAcl(req, new byte[0], writer(req), bucket.ownerAccount()));
    String xml = new XmlWriter().root("CopyObjectResult", S3_NS).element("LastModified", isoTime(o.lastModified()))
        .element("ETag", "\"" + o.etag() + "\"").toString();
    return StreamingResponse.xml(HttpResponseStatus.OK, xml);
  }

  /** The object x-amz-copy-source names, if the caller may read it. */
  private ObjectStore.StoredObject copySource(S3Request req) throws S3Exception, SQLException {
    String src;
    try {
      src = UriEncoding.decode(req.header("x-amz-copy-source"), false);
    } catch (IllegalArgumentException e) {
      throw new S3Exception("InvalidArgument", "x-amz-copy-source is not a URL-encoded bucket/key",
          HttpResponseStatus.BAD_REQUEST);
    }
    if (src.startsWith("/")) {
      src = src.substring(1);
    }
    int q = src.indexOf("?versionId=");
    if (q >= 0) {
      src = src.substring(0, q);
    }
    int slash = src.indexOf('/');
    if (slash <= 0 || slash == src.length() - 1) {
      throw new S3Exception("InvalidArgument", "x-amz-copy-source must be bucket/key", HttpResponseStatus.BAD_REQUEST);
    }
    String srcBucket = src.substring(0, slash);
    buckets.find(srcBucket).orElseThrow(() -> new S3Exception("NoSuchBucket",
        "The specified bucket does not exist", HttpResponseStatus.NOT_FOUND));
    ObjectStore.StoredObject source = objects.get(srcBucket, src.substring(slash + 1)).orElseThrow(() ->
        new S3Exception("NoSuchKey", "The specified key does not exist.", HttpResponseStatus.NOT_FOUND));
    if (!source.acl().allows(account(req), Acl.Permission.READ)) {
      throw denied();
    }
    return source;
  }

  /** Headers S3 keeps with an object and sends back with it, besides its content type. */
  private static final List<String> STORED_HEADERS =
      List.of("cache-control", "content-disposition", "content-encoding", "content-language", "expires");

  /** What is kept with an object: its x-amz-meta-* headers and the standard headers S3 stores. */
  private static Map<String, String> userMetadata(S3Request req) throws S3Exception {
    Map<String, String> meta = new LinkedHashMap<>();
    int userBytes = 0;
    for (Map.Entry<String, String> h : req.http().headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-meta-")) {
        meta.put(name, h.getValue());
        userBytes += (name.length() - "x-amz-meta-".length()) + h.getValue().getBytes(StandardCharsets.UTF_8).length;
      } else if (STORED_HEADERS.contains(name)) {
        String value = h.getValue();
        if (name.equals("content-encoding")) {
          // aws-chunked describes how this upload was sent, not the object.
          value = java.util.Arrays.stream(value.split(",")).map(String::strip)
              .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("aws-chunked"))
              .collect(java.util.stream.Collectors.joining(","));
          if (value.isEmpty()) {
            continue;
          }
        }
        meta.put(name, value);
      }
    }
    // S3's limit on user metadata is 2 KB; what is stored must also fit its column.
    int stored = meta.entrySet().stream()
        .mapToInt(e -> e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length + 2).sum();
    if (userBytes > 2048 || stored > 8192) {
      throw new S3Exception("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.",
          HttpResponseStatus.BAD_REQUEST);
    }
    return meta;
  }


  private StreamingResponse getObject(S3Request req) throws S3Exception, SQLException {
    ObjectStore.StoredObject o = objects.get(req.bucket(), req.key()).orElse(null);
    if (o == null) {
      // Say the key is missing only to whoever may list the bucket, as S3 does.
      bucket(req, Acl.Permission.READ);
      throw new S3Exception("NoSuchKey", "The specified key does not exist.", HttpResponseStatus.NOT_FOUND);
    }
    if (!o.acl().allows(account(req), Acl.Permission.READ)) {
      throw denied();
    }
    String etag = "\"" + o.etag() + "\"";
    HttpHeaders h = new DefaultHttpHeaders().set("ETag", etag)
        .set("Last-Modified", HTTP_DATE.format(o.lastModified().truncatedTo(ChronoUnit.SECONDS)))
        .set("Accept-Ranges", "bytes")
        .set("Content-Type", o.contentType() == null ? "binary/octet-stream" : o.contentType());
    o.metadata().forEach(h::set);
    String ifMatch = req.header("If-Match");
    if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.replace("\"", "").equals(o.etag())) {
      throw new S3Exception("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
          HttpResponseStatus.PRECONDITION_FAILED);
    }
    String ifNoneMatch = req.header("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.equals("*") || ifNoneMatch.replace("\"", "").equals(o.etag()))) {
      return StreamingResponse.head(HttpResponseStatus.NOT_MODIFIED, h);
    }
    String ims = req.header("If-Modified-Since");
    if (ims != null && ifNoneMatch == null) {
      try {
        Instant since = Instant.from(HTTP_DATE.parse(ims));
        if (!o.lastModified().truncatedTo(ChronoUnit.SECONDS).isAfter(since)) {
          return StreamingResponse.head(HttpResponseStatus.NOT_MODIFIED, h);
        }
      } catch (java.time.format.DateTimeParseException ignored) {
        // S3 ignores a date it cannot read
      }
    }
    boolean head = req.method().equals("HEAD");
    String range = req.header("Range");
    if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
      long[] r = range(range.substring(6), o.size());
      h.set("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + o.size());
      return head ? headWithLength(HttpResponseStatus.PARTIAL_CONTENT, h, r[1] - r[0] + 1)
          : StreamingResponse.file(HttpResponseStatus.PARTIAL_CONTENT, h, objects.path(o), r[0], r[1] - r[0] + 1);
    }
    return head ? headWithLength(HttpResponseStatus.OK, h, o.size())
        : StreamingResponse.file(HttpResponseStatus.OK, h, objects.path(o), 0, o.size());
  }

  private static StreamingResponse headWithLength(HttpResponseStatus status, HttpHeaders h, long length) {
    return new StreamingResponse(status, h, new byte[0], null, 0, length);
  }

  /** One byte range: {@code a-b}, {@code a-} or {@code -n}, clipped to the object. */
  private static long[] range(String spec, long size) throws S3Exception {
    S3Exception bad = new S3Exception("InvalidRange", "The requested range is not satisfiable",
        HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
    int dash = spec.indexOf('-');
    if (dash < 0) {
      throw bad;
    }
    try {
      long from;
      long to;
      if (dash == 0) {
        long n = Long.parseLong(spec.substring(1));
        if (n == 0 || size == 0) {
          throw bad;
        }
        from = Math.max(0, size - n);
        to = size - 1;
      } else {
        from = Long.parseLong(spec.substring(0, dash));
        to = dash == spec.length() - 1 ? size - 1 : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
      }
      if (from >= size || from > to) {
        throw bad;
      }
      return new long[] {from, to};
    } catch (NumberFormatException e) {
      throw bad;
    }
  }

  private static S3Exception notImplemented() {
    return new S3Exception("NotImplemented", "Walrus does not implement this operation yet.",
        HttpResponseStatus.NOT_IMPLEMENTED);
  }

  private static String isoTime(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** S3's 503, for a request the server cannot take now (too many connections, no worker free). */
  public static io.netty.handler.codec.http.FullHttpResponse busy() {
    return serverError(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
        "Walrus is too busy to take the request; please retry.");
  }

  /** The HTTP server's own answers to a request for S3, as S3's error document. */
  public static io.netty.handler.codec.http.FullHttpResponse refusal(org.eucalyptus.common.http.ServerRefusal why) {
    return switch (why) {
      case BUSY -> busy();
      case REQUEST_LINE_TOO_LONG -> serverError(HttpResponseStatus.REQUEST_URI_TOO_LONG, "InvalidURI",
          "Couldn't parse the specified URI: the request line is longer than "
              + org.eucalyptus.common.http.HttpServer.MAX_REQUEST_LINE + " bytes.");
      case HEADERS_TOO_LARGE -> serverError(HttpResponseStatus.BAD_REQUEST, "RequestHeaderSectionTooLarge",
          "Your request header section exceeds the maximum allowed size ("
              + org.eucalyptus.common.http.HttpServer.MAX_HEADER_SECTION + " bytes).");
    };
  }

  private static io.netty.handler.codec.http.FullHttpResponse serverError(HttpResponseStatus status, String code,
      String message) {
    String xml = new XmlWriter().start("Error").element("Code", code).element("Message", message).toString();
    return org.eucalyptus.common.http.Responses.of(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  private static StreamingResponse error(HttpResponseStatus status, String code, String message, String resource,
      String requestId) {
    // The message and resource quote the request: only what XML can carry goes into the document.
    String xml = new XmlWriter().start("Error").element("Code", code)
        .element("Message", org.eucalyptus.common.xml.XmlChars.printable(message, 2048))
        .element("Resource", org.eucalyptus.common.xml.XmlChars.printable(resource, 2048))
        .element("RequestId", requestId).toString();
    StreamingResponse r = StreamingResponse.xml(status, xml);
    r.headers().set("x-amz-request-id", requestId);
    return r;
  }
}
