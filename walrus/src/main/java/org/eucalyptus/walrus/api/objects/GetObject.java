package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.Acl;
import org.eucalyptus.walrus.store.ObjectStore;

/**
 * GetObject and HeadObject: the object's data (from its file) with its stored headers, under the
 * conditions the request sets (If-Match, If-None-Match, If-Modified-Since) and for one byte range.
 */
public final class GetObject implements S3Operation {
  private final Access access;
  private final ObjectStore objects;

  public GetObject(Access access, ObjectStore objects) {
    this.access = access;
    this.objects = objects;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    access.forObject(req);
    ObjectStore.StoredObject o = objects.get(req.bucket(), req.key()).orElse(null);
    if (o == null) {
      // Say the key is missing only to whoever may list the bucket, as S3 does.
      access.bucket(req, Acl.Permission.READ);
      throw S3Errors.noSuchKey();
    }
    Access.require(o.acl(), req, Acl.Permission.READ);
    String etag = S3Responses.etag(o.etag());
    HttpHeaders h = new DefaultHttpHeaders().set("ETag", etag)
        .set("Last-Modified", S3Responses.HTTP_DATE.format(o.lastModified().truncatedTo(ChronoUnit.SECONDS)))
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
        Instant since = Instant.from(S3Responses.HTTP_DATE.parse(ims));
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
      ByteRange r = ByteRange.parse(range.substring(6), o.size());
      h.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + o.size());
      return head ? S3Responses.headWithLength(HttpResponseStatus.PARTIAL_CONTENT, h, r.length())
          : StreamingResponse.file(HttpResponseStatus.PARTIAL_CONTENT, h, objects.path(o), r.first(), r.length());
    }
    return head ? S3Responses.headWithLength(HttpResponseStatus.OK, h, o.size())
        : StreamingResponse.file(HttpResponseStatus.OK, h, objects.path(o), 0, o.size());
  }
}
