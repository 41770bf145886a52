package org.eucalyptus.walrus.api.multipart;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.Access;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.api.objects.ByteRange;
import org.eucalyptus.walrus.api.objects.CopySource;
import org.eucalyptus.walrus.store.DataFiles;
import org.eucalyptus.walrus.store.MultipartStore;
import org.eucalyptus.walrus.store.ObjectStore;

/** UploadPartCopy: a part made from (a byte range of) an existing object. */
public final class UploadPartCopy implements S3Operation {
  private final Access access;
  private final Uploads uploads;
  private final MultipartStore multipart;
  private final ObjectStore objects;
  private final CopySource sources;

  public UploadPartCopy(Access access, Uploads uploads, MultipartStore multipart, ObjectStore objects,
      CopySource sources) {
    this.access = access;
    this.uploads = uploads;
    this.multipart = multipart;
    this.objects = objects;
    this.sources = sources;
  }

  @Override
  public StreamingResponse handle(S3Request req)
      throws S3Exception, SQLException, IOException, DataFiles.BadDigestException {
    access.forObject(req);
    MultipartStore.Upload u = uploads.find(req);
    int n = Uploads.partNumber(req);
    ObjectStore.StoredObject source = sources.find(req);
    long from = 0;
    long length = source.size();
    String range = req.header("x-amz-copy-source-range");
    if (range != null) {
      if (!range.startsWith("bytes=") || range.indexOf('-') < 7) {
        throw S3Errors.invalidArgument("x-amz-copy-source-range looks like bytes=first-last");
      }
      ByteRange r = ByteRange.parse(range.substring(6), source.size());
      from = r.first();
      length = r.length();
    }
    MultipartStore.Part p;
    try (InputStream in = Files.newInputStream(objects.path(source))) {
      in.skipNBytes(from);
      p = multipart.putPart(u, n, new LimitedInputStream(in, length), length, null, null);
    }
    String xml = new XmlWriter().root("CopyPartResult", S3Responses.NS)
        .element("LastModified", S3Responses.isoTime(p.lastModified()))
        .element("ETag", S3Responses.etag(p.etag())).toString();
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
}
