package org.eucalyptus.clc.images;

/**
 * A block device mapping (RegisterImage's and RunInstances' BlockDeviceMapping.N). An EBS mapping
 * has a snapshot or a size; {@code deleteOnTermination} null means EC2's default (true).
 */
public record BlockDeviceMapping(String deviceName, String snapshotId, Integer volumeSizeGiB,
    Boolean deleteOnTermination, String virtualName, boolean noDevice) {

  public boolean isEbs() {
    return !noDevice && virtualName == null && (snapshotId != null || volumeSizeGiB != null);
  }

  /** Whether the volume goes when its instance is terminated (EC2's default: yes). */
  public boolean deletesOnTermination() {
    return deleteOnTermination == null || deleteOnTermination;
  }
}
