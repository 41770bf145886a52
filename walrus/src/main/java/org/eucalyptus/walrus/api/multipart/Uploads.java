package org.eucalyptus.walrus.api.multipart;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.store.MultipartStore;

/** The multipart upload a request's {@code uploadId} names, and the part number it gives. */
public final class Uploads {
  private final MultipartStore multipart;

  public Uploads(MultipartStore multipart) {
    this.multipart = multipart;
  }

  /** The upload, if it is one of the request's bucket and key. */
  public MultipartStore.Upload find(S3Request req) throws S3Exception, SQLException {
    return multipart.find(req.query().get("uploadId"))
        .filter(x -> x.bucket().equals(req.bucket()) && x.key().equals(req.key()))
        .orElseThrow(() -> new S3Exception("NoSuchUpload", "The specified upload does not exist.",
            HttpResponseStatus.NOT_FOUND));
  }

  /** The request's {@code partNumber}: 1 to 10000. */
  static int partNumber(S3Request req) throws S3Exception {
    int n;
    try {
      n = Integer.parseInt(req.query().getOrDefault("partNumber", ""));
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > 10000) {
      throw S3Errors.invalidArgument("Part number must be an integer between 1 and 10000");
    }
    return n;
  }
}
