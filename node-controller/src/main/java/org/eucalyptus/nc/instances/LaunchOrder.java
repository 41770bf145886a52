package org.eucalyptus.nc.instances;

import java.time.Instant;
import java.util.List;

/**
 * What an instance was launched with, as the node keeps it: the ncRunInstance request turned, at the
 * API's edge, into values that never change (the generated message type is mutable, and CXF's).
 * Absent optional fields are null.
 */
public record LaunchOrder(String correlationId, String userId, String instanceId, String reservationId,
    String uuid, String imageId, String kernelId, String ramdiskId, String imageUrl, String kernelUrl,
    String ramdiskUrl, String ownerId, String accountId, String keyName, Machine machine, Network network,
    String userData, String launchIndex, String platform, Instant expiryTime, List<String> groupNames) {

  public LaunchOrder {
    groupNames = List.copyOf(groupNames);
  }

  /** The machine's shape: memory in MB, disk in GB. */
  public record Machine(String name, int memoryMb, int cores, int diskGb, List<BootRecord> bootRecords) {
    public Machine {
      bootRecords = List.copyOf(bootRecords);
    }
  }

  /**
   * One of the machine's boot records (3.1's virtualBootRecordType); size in bytes. An {@code ebs}
   * record is a volume (resourceLocation its remoteDev) with its CHAP login, the password sealed.
   */
  public record BootRecord(String resourceLocation, String guestDeviceName, long size, String format, String id,
      String type, String chapUser, String chapPassword) {

    public BootRecord(String resourceLocation, String guestDeviceName, long size, String format, String id,
        String type) {
      this(resourceLocation, guestDeviceName, size, format, id, type, null, null);
    }

    public boolean ebs() {
      return "ebs".equals(type);
    }
  }

  /** The instance's network as the cluster controller set it. */
  public record Network(String privateMacAddress, String privateIp, String publicIp, Integer vlan,
      Integer networkIndex, String bridge) {

    public Network withPublicIp(String ip) {
      return new Network(privateMacAddress, privateIp, ip, vlan, networkIndex, bridge);
    }
  }

  /** The network's VLAN, or null (no network, or none given). */
  public Integer vlan() {
    return network == null ? null : network.vlan();
  }
}
