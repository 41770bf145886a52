package org.eucalyptus.walrus.api.snapshots;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.SnapshotFiles;

/** GetWalrusSnapshotSize (3.1's name): HEAD of a snapshot; its size is the Content-Length. */
public final class GetWalrusSnapshotSize implements S3Operation {
  public static final String NAME = "GetWalrusSnapshotSize";
  private final StorageCallers callers;
  private final SnapshotFiles snapshots;

  public GetWalrusSnapshotSize(StorageCallers callers, SnapshotFiles snapshots) {
    this.callers = callers;
    this.snapshots = snapshots;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, IOException {
    String id = callers.snapshotId(req, NAME, "HEAD");
    long size = snapshots.size(id).orElseThrow(() -> StorageCallers.noSuchSnapshot(id));
    return S3Responses.headWithLength(HttpResponseStatus.OK,
        new DefaultHttpHeaders().set("Content-Type", "application/octet-stream"), size);
  }
}
