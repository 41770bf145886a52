package org.eucalyptus.clc.api.volumes;

import java.util.function.Supplier;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.storage.SnapshotLookup;
import org.eucalyptus.clc.volumes.Volume;
import org.eucalyptus.clc.volumes.VolumeService;
import org.eucalyptus.clc.volumes.VolumeStore;
import org.eucalyptus.common.policy.Quotas;

/**
 * CreateVolume: Size (GiB), or SnapshotId (its size by default; not smaller), in AvailabilityZone.
 * The volume is recorded as creating within the caller's quotas and the cloud's size limits, then
 * made by the zone's storage controller; the storage sync makes it available. TagSpecification
 * (ResourceType volume) tags it in the same transaction as it is recorded.
 */
public final class CreateVolumeAction implements QueryAction {
  private final VolumeService volumes;
  private final SnapshotLookup snapshots;
  private final Supplier<VolumeStore.SizeLimits> limits;

  public CreateVolumeAction(VolumeService volumes, SnapshotLookup snapshots, Supplier<VolumeStore.SizeLimits> limits) {
    this.volumes = volumes;
    this.snapshots = snapshots;
    this.limits = limits;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String zone = req.required("AvailabilityZone");
    java.util.Map<String, String> tags = org.eucalyptus.clc.api.tags.TagSpecifications.read(req, java.util.Set.of("volume"))
        .getOrDefault("volume", java.util.Map.of());
    String snapshotId = req.param("SnapshotId");
    String sizeParam = req.param("Size");
    if (snapshotId == null && sizeParam == null) {
      throw ApiException.missing("Size");
    }
    int size = sizeParam == null ? 0 : req.intParam("Size", 0);
    if (sizeParam != null && size < 1) {
      throw ApiException.invalid("Size", sizeParam, "A volume's size is a whole number of GiB, at least 1.");
    }
    if (snapshotId != null) {
      if (!snapshotId.matches("snap-[0-9a-f]{8}([0-9a-f]{9})?")) {
        throw new ApiException("InvalidSnapshot.Malformed", "Invalid id: \""
            + org.eucalyptus.common.xml.XmlChars.printable(snapshotId) + "\"");
      }
      int snapshotSize = snapshots.restorableSize(req.caller().accountNumber(), snapshotId);
      if (sizeParam == null) {
        size = snapshotSize;
      } else if (size < snapshotSize) {
        throw ApiException.invalid("Size", sizeParam, "Snapshot " + snapshotId + " is " + snapshotSize
            + " GiB: a volume made from it is at least that large.");
      }
    }
    Volume v = volumes.create(QuotaClaim.of(req.authorization(), "ec2:CreateVolume", Quotas.VOLUME_NUMBER),
        QuotaClaim.of(req.authorization(), "ec2:CreateVolume", Quotas.VOLUME_TOTAL_SIZE), zone, size, snapshotId,
        limits.get(), tags, null);
    var x = req.response();
    VolumeXml.fields(x, v);
    if (!tags.isEmpty()) {
      org.eucalyptus.clc.api.instances.InstanceXml.tags(x, new java.util.TreeMap<>(tags));
    }
    return x.toString();
  }
}
