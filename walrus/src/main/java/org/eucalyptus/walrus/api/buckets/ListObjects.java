package org.eucalyptus.walrus.api.buckets;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.ObjectStore;

/**
 * ListObjects and ListObjectsV2 (GET of a bucket; {@code list-type=2} for v2): one page of keys in
 * key order, after a marker (v1) or a continuation token or start-after key (v2), with keys under a
 * delimiter rolled up into common prefixes, URL-encoded when asked.
 */
public final class ListObjects implements S3Operation {
  private static final List<String> PARAMETERS = List.of("prefix", "delimiter", "marker", "max-keys",
      "list-type", "continuation-token", "start-after", "encoding-type", "fetch-owner");

  private final Access access;
  private final ObjectStore objects;

  public ListObjects(Access access, ObjectStore objects) {
    this.access = access;
    this.objects = objects;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forBucketGet(req);
    Map<String, String> q = req.query();
    if (q.keySet().stream().anyMatch(k -> !PARAMETERS.contains(k))) {
      throw S3Errors.notImplemented();
    }
    boolean v2 = "2".equals(q.get("list-type"));
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.get("delimiter");
    int max;
    try {
      max = Math.min(1000, Integer.parseInt(q.getOrDefault("max-keys", "1000")));
    } catch (NumberFormatException e) {
      throw S3Errors.invalidArgument("max-keys must be a whole number");
    }
    if (max < 0) {
      throw S3Errors.invalidArgument("max-keys must not be negative");
    }
    boolean url = "url".equals(q.get("encoding-type"));
    String after = v2 ? (q.containsKey("continuation-token") ? token(q.get("continuation-token"))
        : q.get("start-after")) : q.get("marker");
    ObjectStore.Listing l = objects.list(req.bucket(), prefix, delimiter, after, max);
    XmlWriter x = new XmlWriter().root("ListBucketResult", S3Responses.NS).element("Name", req.bucket())
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
      x.start("Contents").element("Key", enc(o.key(), url))
          .element("LastModified", S3Responses.isoTime(o.lastModified()))
          .element("ETag", S3Responses.etag(o.etag())).element("Size", o.size()).element("StorageClass", "STANDARD");
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
      throw S3Errors.invalidArgument("The continuation token provided is incorrect");
    }
  }

  private static String enc(String s, boolean url) {
    return url ? UriEncoding.encode(s, true) : s;
  }
}
