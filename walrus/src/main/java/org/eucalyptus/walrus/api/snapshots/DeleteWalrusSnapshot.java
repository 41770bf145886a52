package org.eucalyptus.walrus.api.snapshots;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.store.SnapshotFiles;

/** DeleteWalrusSnapshot (3.1's name): DELETE of a snapshot; 204 whether or not it was there. */
public final class DeleteWalrusSnapshot implements S3Operation {
  public static final String NAME = "DeleteWalrusSnapshot";
  private final StorageCallers callers;
  private final SnapshotFiles snapshots;

  public DeleteWalrusSnapshot(StorageCallers callers, SnapshotFiles snapshots) {
    this.callers = callers;
    this.snapshots = snapshots;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, IOException {
    snapshots.delete(callers.snapshotId(req, NAME, "DELETE"));
    return S3Responses.empty(HttpResponseStatus.NO_CONTENT);
  }
}
