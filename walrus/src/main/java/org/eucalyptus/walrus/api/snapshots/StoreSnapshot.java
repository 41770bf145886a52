package org.eucalyptus.walrus.api.snapshots;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.DataFiles;
import org.eucalyptus.walrus.store.SnapshotFiles;

/**
 * StoreSnapshot (3.1's name): PUT of a snapshot's bytes by a storage controller. The body streams
 * to disk as an object's does; it must say its length, and its SHA-256 (x-amz-content-sha256, hex)
 * or MD5 (Content-MD5), which is checked before the snapshot exists. A snapshot of that id already
 * there is replaced (a storage controller retrying its upload).
 */
public final class StoreSnapshot implements S3Operation {
  public static final String NAME = "StoreSnapshot";
  private final StorageCallers callers;
  private final SnapshotFiles snapshots;

  public StoreSnapshot(StorageCallers callers, SnapshotFiles snapshots) {
    this.callers = callers;
    this.snapshots = snapshots;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, IOException, DataFiles.BadDigestException {
    String id = callers.snapshotId(req, NAME, "PUT");
    String length = req.header("Content-Length");
    if (length == null || req.header("Transfer-Encoding") != null) {
      throw new S3Exception("MissingContentLength", "StoreSnapshot needs a Content-Length (and no chunked body).",
          HttpResponseStatus.LENGTH_REQUIRED);
    }
    String sha = req.header("x-amz-content-sha256");
    String md5 = req.header("Content-MD5");
    if (sha != null && !sha.matches("[0-9a-fA-F]{64}")) {
      throw S3Errors.invalidArgument("x-amz-content-sha256 must be the body's SHA-256, in hex.");
    }
    if (sha == null && md5 == null) {
      throw S3Errors.invalidArgument("StoreSnapshot needs the body's digest: x-amz-content-sha256 or Content-MD5.");
    }
    long size;
    try {
      size = Long.parseLong(length);
    } catch (NumberFormatException e) {
      throw S3Errors.invalidArgument("Content-Length is not a number");
    }
    SnapshotFiles.Stored stored = snapshots.store(id, req.http().body(), size, md5, sha);
    HttpHeaders h = new DefaultHttpHeaders();
    if (stored.md5() != null) {
      h.set("ETag", S3Responses.etag(stored.md5()));
    }
    if (sha != null) {
      h.set("x-amz-content-sha256", sha.toLowerCase(java.util.Locale.ROOT));
    }
    return S3Responses.empty(HttpResponseStatus.OK, h);
  }
}
