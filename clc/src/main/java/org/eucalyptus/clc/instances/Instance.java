package org.eucalyptus.clc.instances;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;

/** The cloud controller's record of one instance; its state follows what the cluster reports. */
@Entity
@Table(name = "instances")
@DynamicUpdate // concurrent updates of different columns (state vs. placement) must not overwrite each other
public class Instance {
  @Id
  @Column(name = "instance_id", length = 16)
  private String instanceId;

  @Column(name = "reservation_id", nullable = false, length = 16)
  private String reservationId;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  @Column(name = "user_id", nullable = false, length = 32)
  private String userId;

  @Column(name = "image_id", nullable = false, length = 16)
  private String imageId;

  @Column(name = "kernel_id", length = 16)
  private String kernelId;

  @Column(name = "ramdisk_id", length = 16)
  private String ramdiskId;

  @Column(name = "vm_type", nullable = false, length = 32)
  private String vmType;

  @Column(name = "cluster", nullable = false, length = 64)
  private String cluster;

  @Column(name = "node")
  private String node;

  @Column(name = "state", nullable = false, length = 16)
  private String state;

  @Column(name = "state_reason")
  private String stateReason;

  @Column(name = "key_name")
  private String keyName;

  @Column(name = "user_data", length = 21848)
  private String userData;

  @Column(name = "launch_index", nullable = false)
  private int launchIndex;

  @Column(name = "mac_address", nullable = false, length = 17)
  private String macAddress;

  @Column(name = "private_ip", length = 45)
  private String privateIp;

  @Column(name = "public_ip", length = 45)
  private String publicIp;

  @Column(name = "client_token", length = 64)
  private String clientToken;

  /** The security groups' ids, space-separated (at most 64 groups). */
  @Column(name = "group_ids", length = 1024)
  private String groupIds;

  /** While true, TerminateInstances refuses this instance (ModifyInstanceAttribute's disableApiTermination). */
  @Column(name = "disable_api_termination", nullable = false)
  private boolean disableApiTermination;

  /** instance-store, or ebs for an EBS-backed image's instance (its root a volume made at launch). */
  @Column(name = "root_device_type", nullable = false, length = 16)
  private String rootDeviceType = "instance-store";

  @Column(name = "root_device_name", length = 32)
  private String rootDeviceName;

  /**
   * The uuid of the instance's current launch on its cluster (null: its first, whose uuid is the
   * instance id). Each StartInstances gives a new one, so the cluster and the node tell the new
   * launch from the one they tore down at the stop, and a report of the old one is not taken for it.
   */
  @Column(name = "launch_uuid", length = 40)
  private String launchUuid;

  @Column(name = "launch_time", nullable = false)
  private Instant launchTime;

  @Column(name = "state_changed", nullable = false)
  private Instant stateChanged;

  protected Instance() {}

  /**
   * The columns {@link #listed} reads: what DescribeInstances shows or filters on. The rest (user
   * data, user, node, MAC, launch uuid, termination protection, when the state changed) no listing
   * shows, and decoding them was a fifth of a 1,000-instance answer's rows on PostgreSQL.
   */
  static final String LISTED_COLUMNS = "instance_id, reservation_id, account_number, image_id, kernel_id,"
      + " ramdisk_id, vm_type, cluster, state, state_reason, key_name, launch_index, private_ip,"
      + " public_ip, client_token, group_ids, root_device_type, root_device_name, launch_time";

  /**
   * An instance read as a plain row of {@link #LISTED_COLUMNS} for showing ({@code Database.select}):
   * not managed by any session, and with only what a listing shows: {@link #userData()}, {@link #userId()},
   * {@link #node()}, {@link #macAddress()} and {@link #stateChanged()} are null, {@link #launchUuid()} is
   * the id and {@link #disableApiTermination()} false, whatever the row holds. Columns are read by position,
   * in LISTED_COLUMNS' order: by name H2 searches the labels for every value.
   */
  static Instance listed(java.sql.ResultSet row) throws java.sql.SQLException {
    Instance i = new Instance();
    i.instanceId = row.getString(1);
    i.reservationId = row.getString(2);
    i.accountNumber = row.getString(3);
    i.imageId = row.getString(4);
    i.kernelId = row.getString(5);
    i.ramdiskId = row.getString(6);
    i.vmType = row.getString(7);
    i.cluster = row.getString(8);
    i.state = row.getString(9);
    i.stateReason = row.getString(10);
    i.keyName = row.getString(11);
    i.launchIndex = row.getInt(12);
    i.privateIp = row.getString(13);
    i.publicIp = row.getString(14);
    i.clientToken = row.getString(15);
    i.groupIds = row.getString(16);
    i.rootDeviceType = row.getString(17);
    i.rootDeviceName = row.getString(18);
    i.launchTime = org.eucalyptus.clc.persistence.Database.instant(row, 19);
    return i;
  }

  public Instance(String instanceId, String reservationId, String accountNumber, String userId, String imageId,
      String kernelId, String ramdiskId, String vmType, String cluster, String keyName, String userData,
      int launchIndex, String macAddress, String clientToken, java.util.List<String> groupIds, Instant launchTime) {
    this.instanceId = instanceId;
    this.reservationId = reservationId;
    this.accountNumber = accountNumber;
    this.userId = userId;
    this.imageId = imageId;
    this.kernelId = kernelId;
    this.ramdiskId = ramdiskId;
    this.vmType = vmType;
    this.cluster = cluster;
    this.keyName = keyName;
    this.userData = userData;
    this.launchIndex = launchIndex;
    this.macAddress = macAddress;
    this.clientToken = clientToken;
    this.groupIds = String.join(" ", groupIds);
    this.launchTime = launchTime;
    this.state = InstanceState.PENDING.apiName();
    this.stateChanged = launchTime;
  }

  public String instanceId() { return instanceId; }
  public String reservationId() { return reservationId; }
  public String accountNumber() { return accountNumber; }
  public String userId() { return userId; }
  public String imageId() { return imageId; }
  public String kernelId() { return kernelId; }
  public String ramdiskId() { return ramdiskId; }
  public String vmType() { return vmType; }
  public String cluster() { return cluster; }
  public String node() { return node; }
  public InstanceState state() { return InstanceState.fromApiName(state); }
  public String stateReason() { return stateReason; }
  public String keyName() { return keyName; }
  public String userData() { return userData; }
  public int launchIndex() { return launchIndex; }
  public String macAddress() { return macAddress; }
  public String privateIp() { return privateIp; }
  public String publicIp() { return publicIp; }
  public String clientToken() { return clientToken; }

  public java.util.List<String> groupIds() {
    ParsedGroupIds p = parsedGroupIds;
    if (p == null || !java.util.Objects.equals(p.from(), groupIds)) {
      p = new ParsedGroupIds(groupIds, groupIds == null || groupIds.isBlank() ? java.util.List.of()
          : java.util.List.of(groupIds.split(" ")));
      parsedGroupIds = p;
    }
    return p.ids();
  }

  /** {@link #groupIds()} as parsed from the column's string, kept while that string is the same one. */
  private record ParsedGroupIds(String from, java.util.List<String> ids) {}

  /** A listing reads an instance's groups several times (filters, groupSet, the item's inputs); parsed once. */
  @jakarta.persistence.Transient
  private transient ParsedGroupIds parsedGroupIds;
  public boolean disableApiTermination() { return disableApiTermination; }
  public String rootDeviceType() { return rootDeviceType; }
  public String rootDeviceName() { return rootDeviceName == null ? "/dev/sda1" : rootDeviceName; }

  /** The instance boots from an EBS volume at {@code device} (its image is EBS-backed). */
  public void bootsFromEbs(String device) {
    this.rootDeviceType = "ebs";
    this.rootDeviceName = device;
  }
  public Instant launchTime() { return launchTime; }
  public String launchUuid() { return launchUuid == null ? instanceId : launchUuid; }

  /** Whether a cluster's report of launch {@code uuid} (null: not said) is of this instance's current launch. */
  public boolean isCurrentLaunch(String uuid) {
    return isCurrentLaunch(instanceId, launchUuid, uuid);
  }

  /** As {@link #isCurrentLaunch(String)}, for a record's {@code launch_uuid} column as it is read. */
  public static boolean isCurrentLaunch(String instanceId, String launchUuidColumn, String uuid) {
    return uuid == null || uuid.isEmpty() || uuid.equalsIgnoreCase(launchUuidColumn == null ? instanceId : launchUuidColumn);
  }

  /** Whether this launch is a StartInstances of a stopped instance (a failure stops it again). */
  public boolean restarted() {
    return launchUuid != null;
  }

  /**
   * StartInstances: a stopped instance is pending again under a new launch {@code uuid}; as in EC2
   * its launch time is the start's, and its node and addresses are the new launch's.
   */
  public boolean restart(String uuid, Instant now) {
    if (state() != InstanceState.STOPPED) {
      return false;
    }
    this.state = InstanceState.PENDING.apiName();
    this.stateReason = null;
    this.launchUuid = uuid;
    this.launchTime = now;
    this.stateChanged = now;
    this.node = null;
    this.privateIp = null;
    this.publicIp = null;
    return true;
  }

  /** A start that did not get the instance running: it is stopped again, with the reason. */
  public boolean startFailed(String reason, Instant now) {
    if (state() != InstanceState.PENDING || !restarted()) {
      return false;
    }
    this.state = InstanceState.STOPPED.apiName();
    this.stateReason = reason;
    this.stateChanged = now;
    this.publicIp = null;
    this.privateIp = null;
    return true;
  }
  public Instant stateChanged() { return stateChanged; }

  /** Moves to {@code next} if that is a step forward (see {@link InstanceState#canMoveTo}). */
  public boolean advance(InstanceState next, String reason, Instant now) {
    if (!state().canMoveTo(next)) {
      return false;
    }
    this.state = next.apiName();
    if (reason != null) {
      this.stateReason = reason;
    }
    this.stateChanged = now;
    if (next == InstanceState.STOPPING || next == InstanceState.STOPPED) {
      // Its lent public address goes back to the pool (AddressStore.reclaimFromEnded), an elastic one
      // is disassociated (as in EC2-Classic); the private one is the next start's.
      this.publicIp = null;
    }
    if (next == InstanceState.STOPPED) {
      this.privateIp = null;
    }
    if (next == InstanceState.TERMINATED) {
      // As in EC2, a terminated instance has no addresses; its public one goes back to the pool
      // (AddressStore.reclaimFromEnded), and nothing may route to the old private one.
      this.publicIp = null;
      this.privateIp = null;
    }
    return true;
  }

  public void setDisableApiTermination(boolean disable) {
    this.disableApiTermination = disable;
  }

  /** A launch that failed does not count as done for a retry with the same client token. */
  public void forgetClientToken() {
    this.clientToken = null;
  }

  /** Sets or clears the public address (elastic or lent for the instance's life). */
  public void setPublicIp(String publicIp) {
    this.publicIp = publicIp;
  }

  public void placed(String node, String privateIp, String publicIp) {
    placed(node, privateIp, publicIp, null);
  }

  /**
   * Where the cluster put the instance, and with which MAC: in MANAGED modes the cluster derives
   * it from the private address, so the one chosen at launch is replaced by what the guest has.
   */
  public void placed(String node, String privateIp, String publicIp, String mac) {
    if (!takesPlacement(state())) {
      return; // what the node had of a launch that is over
    }
    if (isMac(mac)) {
      this.macAddress = mac.toLowerCase(java.util.Locale.ROOT);
    }
    if (node != null) {
      this.node = node;
    }
    if (isAddress(privateIp)) {
      this.privateIp = privateIp;
    }
    if (isAddress(publicIp)) {
      this.publicIp = publicIp;
    }
  }

  /**
   * Whether {@link #placed} would change a record in {@code state} holding {@code was} (node, private
   * address, public address, MAC): the cluster sync asks it of rows it read without their lock.
   */
  public static boolean placementChanges(InstanceState state, String[] was, String node, String privateIp,
      String publicIp, String mac) {
    return takesPlacement(state) && ((node != null && !node.equals(was[0]))
        || (isAddress(privateIp) && !privateIp.equals(was[1])) || (isAddress(publicIp) && !publicIp.equals(was[2]))
        || (isMac(mac) && !mac.toLowerCase(java.util.Locale.ROOT).equals(was[3])));
  }

  private static boolean takesPlacement(InstanceState state) {
    return state != InstanceState.TERMINATED && state != InstanceState.STOPPING && state != InstanceState.STOPPED;
  }

  private static boolean isMac(String mac) {
    return mac != null && mac.matches("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
  }

  private static boolean isAddress(String ip) {
    return ip != null && !ip.isEmpty() && !ip.equals("0.0.0.0");
  }
}
