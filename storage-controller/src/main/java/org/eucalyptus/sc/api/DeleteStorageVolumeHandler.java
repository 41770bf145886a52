package org.eucalyptus.sc.api;

import java.io.IOException;
import java.util.Optional;
import org.eucalyptus.sc.store.ExportRows;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.sc.volumes.VolumeBackend;
import org.eucalyptus.wsdl.sc.DeleteStorageVolume;
import org.eucalyptus.wsdl.sc.DeleteStorageVolumeResponse;

/**
 * Removes a volume and its bytes; refused while it is exported. A volume still being made is marked
 * deleting and its maker removes it when done. One the SC does not have is deleted already.
 */
final class DeleteStorageVolumeHandler {
  private final VolumeRows volumes;
  private final ExportRows exports;
  private final VolumeBackend backend;

  DeleteStorageVolumeHandler(VolumeRows volumes, ExportRows exports, VolumeBackend backend) {
    this.volumes = volumes;
    this.exports = exports;
    this.backend = backend;
  }

  DeleteStorageVolumeResponse handle(DeleteStorageVolume req) throws ScException, IOException {
    String id = ScIds.volume(req.getVolumeId());
    Optional<Volume> v = volumes.find(id);
    if (v.isPresent()) {
      if (!exports.list(Optional.of(id)).isEmpty()) {
        throw new ScException("IncorrectState", "volume " + id + " is exported; detach it first");
      }
      Volume.Status was = v.get().status();
      if (was == Volume.Status.CREATING) {
        volumes.move(id, Volume.Status.CREATING, Volume.Status.DELETING, null);
      } else {
        if (was != Volume.Status.DELETING) {
          volumes.move(id, was, Volume.Status.DELETING, null);
        }
        backend.delete(id);
        volumes.delete(id);
      }
    }
    DeleteStorageVolumeResponse resp = new DeleteStorageVolumeResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
