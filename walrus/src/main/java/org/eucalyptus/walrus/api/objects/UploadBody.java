package org.eucalyptus.walrus.api.objects;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import org.eucalyptus.common.auth.AwsChunkedInputStream;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Request;

/**
 * An upload's body as the request sends it (an object's or a part's): plain, or aws-chunked; its
 * length; a SHA-256 to check, if any.
 */
public record UploadBody(InputStream in, long length, String sha256) {

  public static UploadBody of(S3Request req) throws S3Exception {
    String sha = req.header("x-amz-content-sha256");
    InputStream body = req.http().body();
    String lengthHeader = req.header("Content-Length");
    if (sha != null && sha.startsWith("STREAMING-")) {
      // aws-chunked, as the SDKs send by default: signed chunks, and perhaps a trailing checksum.
      boolean signed = sha.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
      if (!signed && !sha.equals("STREAMING-UNSIGNED-PAYLOAD-TRAILER")) {
        throw S3Errors.invalidArgument("Unknown x-amz-content-sha256 " + sha);
      }
      if (signed && req.signing() == null) {
        throw S3Errors.invalidArgument("Signed chunks need a Signature Version 4 request");
      }
      lengthHeader = req.header("x-amz-decoded-content-length");
      if (lengthHeader == null) {
        throw new S3Exception("MissingContentLength", "aws-chunked uploads need x-amz-decoded-content-length.",
            HttpResponseStatus.LENGTH_REQUIRED);
      }
      try {
        body = new AwsChunkedInputStream(body, signed ? req.signing() : null, req.header("x-amz-trailer"));
      } catch (AwsChunkedInputStream.BadChunkException e) {
        throw S3Errors.invalidArgument(e.getMessage());
      }
      sha = null;
    }
    if (lengthHeader == null) {
      throw new S3Exception("MissingContentLength", "You must provide the Content-Length HTTP header.",
          HttpResponseStatus.LENGTH_REQUIRED);
    }
    try {
      return new UploadBody(body, Long.parseLong(lengthHeader),
          sha != null && sha.matches("[0-9a-fA-F]{64}") ? sha : null);
    } catch (NumberFormatException e) {
      throw S3Errors.invalidArgument("Content-Length is not a number");
    }
  }
}
