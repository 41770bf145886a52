package org.eucalyptus.clc.volumes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/** The cloud controller's record of one EBS volume; its zone's storage controller holds the bytes. */
@Entity
@Table(name = "volumes")
@DynamicUpdate
public class Volume {
  /** EC2's volume states. */
  public static final String CREATING = "creating";
  public static final String AVAILABLE = "available";
  public static final String IN_USE = "in-use";
  public static final String DELETING = "deleting";
  public static final String DELETED = "deleted";
  public static final String ERROR = "error";

  @Id
  @Column(name = "volume_id", length = 16)
  private String volumeId;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  @Column(name = "user_id", length = 32)
  private String userId;

  @Column(name = "zone", nullable = false, length = 64)
  private String zone;

  @Column(name = "size_gib", nullable = false)
  private int sizeGiB;

  @Column(name = "snapshot_id", length = 16)
  private String snapshotId;

  @Column(name = "state", nullable = false, length = 16)
  private String state;

  @Column(name = "state_reason")
  private String stateReason;

  @Column(name = "create_time", nullable = false)
  private Instant createTime;

  protected Volume() {}

  public Volume(String volumeId, String accountNumber, String userId, String zone, int sizeGiB, String snapshotId,
      Instant createTime) {
    this.volumeId = volumeId;
    this.accountNumber = accountNumber;
    this.userId = userId;
    this.zone = zone;
    this.sizeGiB = sizeGiB;
    this.snapshotId = snapshotId;
    this.createTime = createTime;
    this.state = CREATING;
  }

  public String volumeId() { return volumeId; }
  public String accountNumber() { return accountNumber; }
  public String userId() { return userId; }
  public String zone() { return zone; }
  public int sizeGiB() { return sizeGiB; }
  public String snapshotId() { return snapshotId; }
  public String state() { return state; }
  public String stateReason() { return stateReason; }
  public Instant createTime() { return createTime; }

  void setState(String state, String reason) {
    this.state = state;
    if (reason != null) {
      this.stateReason = reason.length() > 250 ? reason.substring(0, 250) : reason;
    }
  }
}
