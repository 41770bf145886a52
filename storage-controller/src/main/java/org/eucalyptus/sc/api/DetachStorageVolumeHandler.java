package org.eucalyptus.sc.api;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.sc.iscsi.Exports;
import org.eucalyptus.sc.store.Export;
import org.eucalyptus.sc.store.ExportRows;
import org.eucalyptus.wsdl.sc.DetachStorageVolume;
import org.eucalyptus.wsdl.sc.DetachStorageVolumeResponse;

/** Ends one export: its login leaves tgt (the target too when no export is left), then its row. */
final class DetachStorageVolumeHandler {
  private final ExportRows exportRows;
  private final Exports exports;

  DetachStorageVolumeHandler(ExportRows exportRows, Exports exports) {
    this.exportRows = exportRows;
    this.exports = exports;
  }

  DetachStorageVolumeResponse handle(DetachStorageVolume req) throws ScException, IOException {
    String volumeId = ScIds.volume(req.getVolumeId());
    String instanceId = ScIds.instance(req.getInstanceId());
    Optional<Export> e = exportRows.find(volumeId, instanceId);
    if (e.isPresent()) {
      List<Export> others = exportRows.list(Optional.of(volumeId)).stream()
          .filter(o -> !o.instanceId().equals(instanceId)).toList();
      exports.remove(e.get(), others);
      exportRows.delete(volumeId, instanceId);
    }
    DetachStorageVolumeResponse resp = new DetachStorageVolumeResponse();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }
}
