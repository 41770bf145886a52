package org.eucalyptus.walrus.api.snapshots;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.WalrusService;
import org.eucalyptus.walrus.store.SnapshotFiles;

/**
 * Who may touch snapshots, and which snapshot a request names: only a request signed with a
 * storage controller's certificate (role {@code storage}, issued by this cloud's CA; common's
 * {@link EucaCertAuth}), with the snapshot operation's method, on {@code <service path>/snapshots/<snapshot id>}.
 * Users (any signature, the cloud administrator's included), nodes and anonymous callers are
 * AccessDenied; the path is checked only after the caller is known to be a storage controller.
 */
public final class StorageCallers {
  /** The first segment of a snapshot's path; what follows it is the snapshot id. */
  public static final String PREFIX = "snapshots";

  private final WalrusService.NodeAuth trust;

  /** @param trust the cloud CA, clock and skew (null where this Walrus has no cloud keys: it then serves no snapshots) */
  public StorageCallers(WalrusService.NodeAuth trust) {
    this.trust = trust;
  }

  /** Checks the caller and the request's form; returns the snapshot id it names. */
  public String snapshotId(S3Request req, String operation, String method) throws S3Exception {
    StreamingRequest http = req.http();
    if (trust == null) {
      throw new S3Exception("ServiceUnavailable", "This Walrus has no cloud keys, so it keeps no snapshots.",
          HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    trust.require(http, ComponentIdentity.STORAGE, "Snapshots are served to this cloud's storage controllers only");
    String id = req.key();
    http.access().action(operation + " " + http.method() + " /" + PREFIX + "/" + id);
    if (!http.method().equals(method)) {
      throw new S3Exception("MethodNotAllowed", operation + " is a " + method + ".",
          HttpResponseStatus.METHOD_NOT_ALLOWED);
    }
    if (!PREFIX.equals(req.bucket()) || !SnapshotFiles.validId(id) || !req.query().isEmpty()) {
      throw S3Errors.invalidArgument(operation + " names one snapshot: " + WalrusService.PATH + "/" + PREFIX
          + "/<snapshot id> (letters, digits and dashes), with no query.");
    }
    return id;
  }

  /** A snapshot that is not there: S3's NoSuchKey (404), naming the snapshot. */
  public static S3Exception noSuchSnapshot(String id) {
    return new S3Exception("NoSuchKey", "The snapshot " + id + " is not in Walrus.", HttpResponseStatus.NOT_FOUND);
  }
}
