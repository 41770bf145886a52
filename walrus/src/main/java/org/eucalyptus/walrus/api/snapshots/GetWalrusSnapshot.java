package org.eucalyptus.walrus.api.snapshots;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Path;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.objects.ByteRange;
import org.eucalyptus.walrus.store.SnapshotFiles;

/** GetWalrusSnapshot (3.1's name): GET of a snapshot's bytes, whole or one Range, sent from the file (sendfile). */
public final class GetWalrusSnapshot implements S3Operation {
  public static final String NAME = "GetWalrusSnapshot";
  private final StorageCallers callers;
  private final SnapshotFiles snapshots;

  public GetWalrusSnapshot(StorageCallers callers, SnapshotFiles snapshots) {
    this.callers = callers;
    this.snapshots = snapshots;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, IOException {
    String id = callers.snapshotId(req, NAME, "GET");
    Path file = snapshots.file(id).orElseThrow(() -> StorageCallers.noSuchSnapshot(id));
    long size = java.nio.file.Files.size(file);
    HttpHeaders h = new DefaultHttpHeaders().set("Content-Type", "application/octet-stream")
        .set("Accept-Ranges", "bytes");
    String range = req.header("Range");
    if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
      ByteRange r = ByteRange.parse(range.substring(6), size);
      h.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
      return StreamingResponse.file(HttpResponseStatus.PARTIAL_CONTENT, h, file, r.first(), r.length());
    }
    return StreamingResponse.file(HttpResponseStatus.OK, h, file, 0, size);
  }
}
