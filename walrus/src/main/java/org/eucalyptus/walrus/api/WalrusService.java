package org.eucalyptus.walrus.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.AuthException;
import org.eucalyptus.common.auth.RequestAuthenticator;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.RequestHandler;
import org.eucalyptus.common.http.Responses;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.buckets.BucketStore;

/**
 * The S3 REST API at {@code /services/Walrus}. This first cut answers ListBuckets and CreateBucket;
 * the object API comes with the storage engine. Every failure becomes S3's error document here.
 */
public final class WalrusService implements RequestHandler {
  private static final Logger LOG = LogManager.getLogger(WalrusService.class);
  public static final String PATH = "/services/Walrus";
  private static final String S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final RequestAuthenticator authenticator;
  private final BucketStore buckets;

  public WalrusService(RequestAuthenticator authenticator, BucketStore buckets) {
    this.authenticator = authenticator;
    this.buckets = buckets;
  }

  @Override
  public FullHttpResponse handle(InboundRequest req) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    String resource = req.path();
    try {
      AccessKeyOwner caller = authenticate(req);
      String rest = resource.length() > PATH.length() ? resource.substring(PATH.length() + 1) : "";
      if (rest.isEmpty()) {
        if (!req.method().equals("GET")) {
          throw new S3Exception("MethodNotAllowed", "The specified method is not allowed against this resource.",
              HttpResponseStatus.METHOD_NOT_ALLOWED);
        }
        return listBuckets(caller);
      }
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      boolean bucketOnly = slash < 0 || slash == rest.length() - 1;
      if (bucketOnly && req.method().equals("PUT") && req.rawQuery().isEmpty()) {
        return createBucket(caller, bucket);
      }
      throw new S3Exception("NotImplemented", "Walrus does not implement this operation yet.",
          HttpResponseStatus.NOT_IMPLEMENTED);
    } catch (S3Exception e) {
      return error(e.status(), e.code(), e.getMessage(), resource, requestId);
    } catch (IOException | RuntimeException e) {
      LOG.error("S3 request {} failed: {} {}", requestId, req.method(), req.uri(), e);
      return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError",
          "We encountered an internal error. Please try again.", resource, requestId);
    }
  }

  private AccessKeyOwner authenticate(InboundRequest req) throws S3Exception {
    List<Map.Entry<String, String>> query = new ArrayList<>();
    new QueryStringDecoder(req.rawQuery(), StandardCharsets.UTF_8, false).parameters()
        .forEach((k, vs) -> vs.forEach(v -> query.add(new AbstractMap.SimpleImmutableEntry<>(k, v))));
    Map<String, String> params = new LinkedHashMap<>();
    query.forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    try {
      return authenticator.authenticate(req, query, params, true);
    } catch (AuthException e) {
      switch (e.reason()) {
        case MISSING -> throw new S3Exception("AccessDenied", "Anonymous access is not allowed here.",
            HttpResponseStatus.FORBIDDEN);
        case UNKNOWN_KEY -> throw new S3Exception("InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.", HttpResponseStatus.FORBIDDEN);
        case BAD_SIGNATURE -> throw new S3Exception("SignatureDoesNotMatch", e.getMessage(), HttpResponseStatus.FORBIDDEN);
        case EXPIRED -> throw new S3Exception("RequestTimeTooSkewed", e.getMessage(), HttpResponseStatus.FORBIDDEN);
        default -> throw new S3Exception("AuthorizationHeaderMalformed", e.getMessage(), HttpResponseStatus.BAD_REQUEST);
      }
    }
  }

  private FullHttpResponse listBuckets(AccessKeyOwner caller) throws IOException {
    XmlWriter x = new XmlWriter().root("ListAllMyBucketsResult", S3_NS)
        .start("Owner").element("ID", caller.accountNumber()).element("DisplayName", caller.accountName()).end()
        .start("Buckets");
    for (BucketStore.Bucket b : buckets.listOwnedBy(caller.accountNumber())) {
      x.start("Bucket").element("Name", b.name())
          .element("CreationDate", DateTimeFormatter.ISO_INSTANT.format(b.created().truncatedTo(ChronoUnit.MILLIS)))
          .end();
    }
    return Responses.xml(HttpResponseStatus.OK, x.end().toString());
  }

  private FullHttpResponse createBucket(AccessKeyOwner caller, String bucket) throws IOException, S3Exception {
    if (!BucketStore.validName(bucket)) {
      throw new S3Exception("InvalidBucketName", "The specified bucket is not valid.", HttpResponseStatus.BAD_REQUEST);
    }
    if (!buckets.create(bucket, caller.accountNumber())) {
      boolean mine = buckets.find(bucket).map(b -> b.ownerAccount().equals(caller.accountNumber())).orElse(false);
      throw mine
          ? new S3Exception("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded.",
              HttpResponseStatus.CONFLICT)
          : new S3Exception("BucketAlreadyExists", "The requested bucket name is not available.",
              HttpResponseStatus.CONFLICT);
    }
    FullHttpResponse r = Responses.of(HttpResponseStatus.OK, null, new byte[0]);
    r.headers().set("Location", "/" + bucket);
    return r;
  }

  private static FullHttpResponse error(HttpResponseStatus status, String code, String message, String resource,
      String requestId) {
    String xml = new XmlWriter().start("Error").element("Code", code).element("Message", message)
        .element("Resource", resource).element("RequestId", requestId).toString();
    return Responses.xml(status, xml);
  }
}
