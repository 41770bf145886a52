package org.eucalyptus.cc.instances;

import java.time.Instant;
import java.util.List;

/**
 * One instance as the cluster knows it: what its node last reported (or its launch answer), and
 * the node that runs it ({@code serviceTag}). Immutable, so the cache can hand it to anyone; the
 * contracts' generated (mutable) types stay at the API's and the node client's edges. Absent
 * optional fields are null.
 */
public record CcInstance(String instanceId, String uuid, String reservationId, String imageId, String kernelId,
    String ramdiskId, Machine machine, String keyName, Instant launchTime, String stateName, String stateReason,
    Network network, String ownerId, String accountId, String serviceTag, String userData, String launchIndex,
    String platform, List<String> groupNames, List<Volume> volumes) {

  public CcInstance {
    groupNames = List.copyOf(groupNames);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
  }

  /** An instance with no EBS volumes (yet): a launch's own record. */
  public CcInstance(String instanceId, String uuid, String reservationId, String imageId, String kernelId,
      String ramdiskId, Machine machine, String keyName, Instant launchTime, String stateName, String stateReason,
      Network network, String ownerId, String accountId, String serviceTag, String userData, String launchIndex,
      String platform, List<String> groupNames) {
    this(instanceId, uuid, reservationId, imageId, kernelId, ramdiskId, machine, keyName, launchTime, stateName,
        stateReason, network, ownerId, accountId, serviceTag, userData, launchIndex, platform, groupNames, List.of());
  }

  /** An EBS volume attached to it, as its node reports it (state: attaching, attached, detaching, ...). */
  public record Volume(String volumeId, String remoteDev, String localDev, String state, String stateReason) {}

  /** The machine's shape: memory in MB, disk in GB. */
  public record Machine(String name, int memoryMb, int cores, int diskGb, List<BootRecord> bootRecords) {
    public Machine {
      bootRecords = List.copyOf(bootRecords);
    }
  }

  /** One of the machine's boot records; size in bytes. */
  public record BootRecord(String resourceLocation, String guestDeviceName, long size, String format, String id,
      String type) {}

  /** The instance's network. */
  public record Network(String privateMacAddress, String privateIp, String publicIp, Integer vlan,
      Integer networkIndex, String bridge) {}

  /** The same instance in another state, for this reason. */
  public CcInstance inState(String state, String reason) {
    return new CcInstance(instanceId, uuid, reservationId, imageId, kernelId, ramdiskId, machine, keyName, launchTime,
        state, reason, network, ownerId, accountId, serviceTag, userData, launchIndex, platform, groupNames, volumes);
  }

  /** Ended (Teardown): it holds nothing on its node any more. */
  public boolean ended() {
    return InstanceCache.TEARDOWN.equals(stateName);
  }
}
