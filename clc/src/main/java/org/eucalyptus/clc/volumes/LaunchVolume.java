package org.eucalyptus.clc.volumes;

/**
 * A volume a launch makes for each of its instances (a block device mapping of the image or of
 * RunInstances, resolved): made from {@code snapshotId} (or empty when null) with {@code sizeGiB},
 * attached at {@code device} (/dev/…) from the start, deleted with the instance when
 * {@code deleteOnTermination}; tagged with {@code tags} (RunInstances' TagSpecification, ResourceType
 * volume) in its creation's transaction.
 */
public record LaunchVolume(String device, String snapshotId, int sizeGiB, boolean deleteOnTermination,
    java.util.Map<String, String> tags) {}
