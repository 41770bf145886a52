package org.eucalyptus.clc.api.snapshots;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.clc.storage.VolumeLookup;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.wsdl.sc.CreateStorageSnapshot;
import org.eucalyptus.wsdl.sc.DeleteStorageSnapshot;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;

/**
 * Snapshots one of the caller's volumes: the row is recorded pending (within the account's and
 * user's ec2:quota-snapshotnumber), then the volume's zone's storage controller starts the copy
 * into Walrus; the snapshot sync follows it to completed. Should the SC refuse or not answer, the
 * row goes again, so nothing is left that the SC does not have. TagSpecification (ResourceType
 * snapshot) tags it in the same transaction as it is recorded.
 */
public final class CreateSnapshotAction implements QueryAction {
  private static final Logger LOG = LogManager.getLogger(CreateSnapshotAction.class);
  private final SnapshotStore snapshots;
  private final VolumeLookup volumes;
  private final StorageControllers storage;

  public CreateSnapshotAction(SnapshotStore snapshots, VolumeLookup volumes, StorageControllers storage) {
    this.snapshots = snapshots;
    this.volumes = volumes;
    this.storage = storage;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String volumeId = req.required("VolumeId");
    String description = req.param("Description");
    if (description != null && description.length() > 255) {
      throw ApiException.invalid("Description", description, "At most 255 characters.");
    }
    java.util.Map<String, String> tags = org.eucalyptus.clc.api.tags.TagSpecifications.read(req,
        java.util.Set.of("snapshot")).getOrDefault("snapshot", java.util.Map.of());
    VolumeLookup.VolumeFacts volume = volumes.forSnapshot(req.caller().accountNumber(), volumeId);
    EucalyptusSCPortType sc = storage.forZone(volume.zone());
    Snapshot snap = snapshots.create(QuotaClaim.of(req.authorization(), "ec2:CreateSnapshot", Quotas.SNAPSHOT_NUMBER),
        volume, description, tags);
    CreateStorageSnapshot call = new CreateStorageSnapshot();
    call.setVolumeId(volume.volumeId());
    call.setSnapshotId(snap.snapshotId());
    try {
      StorageCalls.call(volume.zone(), "snapshot volume " + volume.volumeId(), sc, c -> c.createStorageSnapshot(call));
    } catch (DomainException e) {
      snapshots.remove(snap.snapshotId());
      if (e instanceof UnavailableException) {
        forget(sc, snap.snapshotId()); // it may have started it before the answer was lost
      }
      throw e;
    } catch (RuntimeException e) {
      snapshots.remove(snap.snapshotId());
      throw e;
    }
    return SnapshotXml.fields(req.response(), snap, tags.isEmpty() ? null : new java.util.TreeMap<>(tags)).toString();
  }

  private static void forget(EucalyptusSCPortType sc, String snapshotId) {
    try {
      DeleteStorageSnapshot d = new DeleteStorageSnapshot();
      d.setSnapshotId(snapshotId);
      sc.deleteStorageSnapshot(d);
    } catch (Exception e) {
      LOG.warn("snapshot {} may be left on its storage controller: {}", snapshotId, e.toString());
    }
  }
}
