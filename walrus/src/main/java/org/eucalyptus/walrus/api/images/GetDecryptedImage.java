package org.eucalyptus.walrus.api.images;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.sql.SQLException;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.api.WalrusService;
import org.eucalyptus.walrus.images.DecryptedImages;

/**
 * GetDecryptedImage, for node controllers only (3.1's request: {@code EucaOperation: GetDecryptedImage}
 * on the manifest's URL, signed with the node's certificate): the image the bundle holds, ready to boot.
 */
public final class GetDecryptedImage implements S3Operation {
  private final DecryptedImages images;
  private final WalrusService.NodeAuth nodeAuth;

  /** @param images the decrypted-image service, or null where this Walrus has no cloud keys */
  public GetDecryptedImage(DecryptedImages images, WalrusService.NodeAuth nodeAuth) {
    this.images = images;
    this.nodeAuth = nodeAuth;
  }

  @Override
  public StreamingResponse handle(S3Request req)
      throws S3Exception, IOException, SQLException, DecryptedImages.UnservableImageException {
    StreamingRequest http = req.http();
    if (images == null) {
      throw new S3Exception("ServiceUnavailable", "This Walrus has no cloud keys, so it serves no decrypted images.",
          HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    nodeAuth.require(http, ComponentIdentity.NODE, "Decrypted images are served to this cloud's node controllers only");
    http.access().action("GetDecryptedImage " + http.access().action());
    if (!"GetDecryptedImage".equals(http.header("EucaOperation"))) {
      throw S3Errors.invalidArgument("A node's request must say EucaOperation: GetDecryptedImage.");
    }
    if (!http.method().equals("GET") && !http.method().equals("HEAD")) {
      throw new S3Exception("MethodNotAllowed", "GetDecryptedImage is a GET.", HttpResponseStatus.METHOD_NOT_ALLOWED);
    }
    if (req.bucket() == null || req.key() == null) {
      throw S3Errors.invalidArgument("GetDecryptedImage names a manifest: /bucket/name.manifest.xml.");
    }
    DecryptedImages.Image image = images.get(req.bucket(), req.key());
    HttpHeaders h = new DefaultHttpHeaders().set("Content-Type", "application/octet-stream")
        .set("ETag", S3Responses.etag(image.manifestEtag()));
    return http.method().equals("HEAD") ? S3Responses.headWithLength(HttpResponseStatus.OK, h, image.size())
        : StreamingResponse.file(HttpResponseStatus.OK, h, image.file(), 0, image.size());
  }
}
