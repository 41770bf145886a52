package org.eucalyptus.clc.images;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * One of an image's block device mappings, as EC2 has them: a device that gets an EBS volume (made
 * from a snapshot, of a size, deleted or not when the instance ends), an ephemeral store
 * ({@code virtualName} ephemeralN), or nothing ({@code noDevice}, suppressing a mapping).
 */
@Entity
@Table(name = "image_block_device_mappings")
@IdClass(ImageBlockDeviceMapping.Key.class)
public class ImageBlockDeviceMapping {
  public record Key(String imageId, String deviceName) implements Serializable {
    public Key() {
      this(null, null);
    }
  }

  @Id
  @Column(name = "image_id", length = 16)
  private String imageId;

  @Id
  @Column(name = "device_name", length = 32)
  private String deviceName;

  @Column(name = "snapshot_id", length = 16)
  private String snapshotId;

  @Column(name = "volume_size_gib")
  private Integer volumeSizeGiB;

  @Column(name = "delete_on_termination")
  private Boolean deleteOnTermination;

  @Column(name = "virtual_name", length = 32)
  private String virtualName;

  @Column(name = "no_device", nullable = false)
  private boolean noDevice;

  protected ImageBlockDeviceMapping() {}

  ImageBlockDeviceMapping(String imageId, BlockDeviceMapping m) {
    this.imageId = imageId;
    this.deviceName = m.deviceName();
    this.snapshotId = m.snapshotId();
    this.volumeSizeGiB = m.volumeSizeGiB();
    this.deleteOnTermination = m.deleteOnTermination();
    this.virtualName = m.virtualName();
    this.noDevice = m.noDevice();
  }

  public String imageId() { return imageId; }

  /** The mapping as the rest of the cloud controller sees it. */
  public BlockDeviceMapping mapping() {
    return new BlockDeviceMapping(deviceName, snapshotId, volumeSizeGiB, deleteOnTermination, virtualName, noDevice);
  }
}
