package org.eucalyptus.sc.api;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Optional;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.pki.SealedSecrets;
import org.eucalyptus.sc.iscsi.Exports;
import org.eucalyptus.sc.store.Export;
import org.eucalyptus.sc.store.ExportRows;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.sc.volumes.VolumeBackend;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.AttachStorageVolumeResponse;
import org.eucalyptus.wsdl.types.VolumeType;

/**
 * Exports an available volume to one instance: the export (with a CHAP login of its own) is recorded,
 * then made in tgt, and answered with the login's password sealed for the node's certificate. Asked
 * again for the same volume and instance, it answers the same target and login (made again in tgt if
 * it had gone).
 */
final class AttachStorageVolumeHandler {
  private final VolumeRows volumes;
  private final ExportRows exportRows;
  private final Exports exports;
  private final VolumeBackend backend;
  private final String portal;

  /** @param portal host:port nodes reach tgt at */
  AttachStorageVolumeHandler(VolumeRows volumes, ExportRows exportRows, Exports exports, VolumeBackend backend,
      String portal) {
    this.volumes = volumes;
    this.exportRows = exportRows;
    this.exports = exports;
    this.backend = backend;
    this.portal = portal;
  }

  AttachStorageVolumeResponse handle(AttachStorageVolume req) throws ScException, IOException {
    String volumeId = ScIds.volume(req.getVolumeId());
    String instanceId = ScIds.instance(req.getInstanceId());
    PublicKey node = nodeKey(req.getNodeCertificate());
    Optional<String> address = Optional.ofNullable(req.getNodeAddress()).map(String::strip).filter(a -> !a.isEmpty());
    if (address.isPresent() && !address.get().matches("[0-9a-fA-F.:]{2,45}(/\\d{1,3})?")) {
      throw ScException.invalid("nodeAddress must be an IP address, not '" + address.get() + "'");
    }
    Volume v = volumes.find(volumeId).orElseThrow(() -> new ScException("VolumeNotFound",
        "volume " + volumeId + " does not exist"));
    if (v.status() != Volume.Status.AVAILABLE) {
      throw new ScException("IncorrectState", "volume " + volumeId + " is " + v.status().wire() + ", not available");
    }
    Export e = exportRows.insertOrGet(exports.newLogin(volumeId, instanceId, address)).orElseThrow(() ->
        new ScException("IncorrectState", "volume " + volumeId + " is no longer available"));
    Path bytes = backend.path(volumeId).orElseThrow(() -> new IOException("volume " + volumeId + " has no bytes"));
    try {
      exports.apply(e, bytes);
    } catch (IOException ex) {
      // Not exported after all: the row goes, so that the volume can still be deleted.
      exportRows.delete(volumeId, instanceId);
      throw ex;
    }
    VolumeType t = new VolumeType();
    t.setVolumeId(volumeId);
    t.setRemoteDev("iscsi://" + portal + "/" + exports.iqn(volumeId) + "/1");
    t.setChapUser(e.chapUser());
    try {
      t.setChapPassword(SealedSecrets.seal(e.chapPassword(), node));
    } catch (GeneralSecurityException ex) {
      throw ScException.invalid("the node certificate's key cannot seal a password: " + ex.getMessage());
    }
    t.setState("attached");
    AttachStorageVolumeResponse resp = new AttachStorageVolumeResponse();
    resp.setVolume(t);
    resp.setCorrelationId(req.getCorrelationId());
    resp.setReturn(true);
    return resp;
  }

  private static PublicKey nodeKey(String pem) throws ScException {
    if (pem == null || pem.isBlank()) {
      throw ScException.invalid("nodeCertificate is required (PEM)");
    }
    try {
      return Pem.certificate(pem).getPublicKey();
    } catch (Exception e) {
      // Not the parser's words: the JDK's name its exceptions (java.io.IOException, ...), which no caller should read.
      throw ScException.invalid("nodeCertificate is not a PEM certificate");
    }
  }
}
