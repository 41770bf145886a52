package org.eucalyptus.clc.api.instances;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.images.BlockDeviceMappingParams;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.images.BlockDeviceMapping;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.storage.SnapshotLookup;
import org.eucalyptus.clc.volumes.LaunchVolume;

/**
 * The volumes a RunInstances makes for each instance: the image's EBS mappings (its root, for an
 * EBS-backed image) with RunInstances' BlockDeviceMapping.N laid over them device by device, as
 * EC2 does. A launch mapping replaces the image's for its device (an EBS root keeps its snapshot;
 * only its size and DeleteOnTermination change), NoDevice removes it, VirtualName (ephemeralN,
 * swap) is accepted as 3.1 accepted it, making no volume (the instance's own disks are its
 * ephemeral storage). Sizes default to the snapshot's and may not be smaller; DeleteOnTermination
 * defaults to true.
 */
final class LaunchMappings {
  private final ImageStore images;
  private final SnapshotLookup snapshots;

  LaunchMappings(ImageStore images, SnapshotLookup snapshots) {
    this.images = images;
    this.snapshots = snapshots;
  }

  /** The launch's volumes, each to be tagged with {@code volumeTags}. */
  List<LaunchVolume> resolve(QueryRequest req, Image image, Map<String, String> volumeTags)
      throws ApiException, DomainException {
    List<BlockDeviceMapping> asked = BlockDeviceMappingParams.read(req);
    String root = BlockDeviceMappingParams.canonical(image.rootDeviceName());
    Map<String, BlockDeviceMapping> byDevice = new LinkedHashMap<>();
    if (image.ebsBacked()) {
      for (BlockDeviceMapping m : images.mappingsOf(List.of(image.imageId())).getOrDefault(image.imageId(), List.of())) {
        if (m.isEbs()) {
          byDevice.put(BlockDeviceMappingParams.canonical(m.deviceName()), m);
        }
      }
    }
    for (BlockDeviceMapping m : asked) {
      String device = BlockDeviceMappingParams.canonical(m.deviceName());
      boolean onRoot = device.equals(root) || (!image.ebsBacked() && root.startsWith(device));
      if (onRoot && !image.ebsBacked() && m.isEbs()) {
        throw new ApiException("InvalidBlockDeviceMapping", "The root device " + device + " of instance-store image "
            + image.imageId() + " cannot be an EBS volume.");
      }
      if (onRoot && image.ebsBacked() && !m.isEbs()) {
        throw new ApiException("InvalidBlockDeviceMapping", "The root device " + device + " of image "
            + image.imageId() + " cannot be removed or replaced by " + (m.noDevice() ? "NoDevice." : m.virtualName() + "."));
      }
      if (!m.isEbs()) {
        byDevice.remove(device); // NoDevice, or an ephemeral disk (no volume) in its place
        continue;
      }
      if (onRoot) {
        BlockDeviceMapping imageRoot = byDevice.get(device);
        if (m.snapshotId() != null && imageRoot != null && !m.snapshotId().equals(imageRoot.snapshotId())) {
          throw new ApiException("InvalidBlockDeviceMapping", "The root device " + device + " of image "
              + image.imageId() + " is made from " + imageRoot.snapshotId() + ", not " + m.snapshotId() + ".");
        }
        m = new BlockDeviceMapping(device, imageRoot == null ? m.snapshotId() : imageRoot.snapshotId(),
            m.volumeSizeGiB() != null ? m.volumeSizeGiB() : imageRoot == null ? null : imageRoot.volumeSizeGiB(),
            m.deleteOnTermination() != null ? m.deleteOnTermination()
                : imageRoot == null ? null : imageRoot.deleteOnTermination(), null, false);
      }
      byDevice.put(device, m);
    }
    List<LaunchVolume> out = new ArrayList<>();
    for (Map.Entry<String, BlockDeviceMapping> e : byDevice.entrySet()) {
      BlockDeviceMapping m = e.getValue();
      Integer size = m.volumeSizeGiB();
      if (m.snapshotId() != null) {
        int snapshotSize = snapshots.restorableSize(req.caller().accountNumber(), m.snapshotId());
        if (size != null && size < snapshotSize) {
          throw ApiException.invalid("BlockDeviceMapping.Ebs.VolumeSize", String.valueOf(size), "Snapshot "
              + m.snapshotId() + " is " + snapshotSize + " GiB: a volume made from it (at " + e.getKey()
              + ") is at least that large.");
        }
        size = size == null ? snapshotSize : size;
      }
      if (size == null) {
        throw ApiException.missing("BlockDeviceMapping.Ebs.VolumeSize");
      }
      out.add(new LaunchVolume(e.getKey(), m.snapshotId(), size, m.deletesOnTermination(), volumeTags));
    }
    return out;
  }
}
