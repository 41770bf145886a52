package org.eucalyptus.walrus.api.buckets;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.BucketStore;

/** ListBuckets (GET of the service): the caller's own buckets. */
public final class ListBuckets implements S3Operation {
  private final BucketStore buckets;

  public ListBuckets(BucketStore buckets) {
    this.buckets = buckets;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    if (req.caller() == null) {
      throw S3Errors.denied();
    }
    XmlWriter x = new XmlWriter().root("ListAllMyBucketsResult", S3Responses.NS)
        .start("Owner").element("ID", req.caller().accountNumber()).element("DisplayName", req.caller().accountName())
        .end().start("Buckets");
    for (BucketStore.Bucket b : buckets.listOwnedBy(req.caller().accountNumber())) {
      x.start("Bucket").element("Name", b.name()).element("CreationDate", S3Responses.isoTime(b.created())).end();
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.end().toString());
  }
}
