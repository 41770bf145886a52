package org.eucalyptus.clc.snapshots;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An EBS snapshot as the CLC keeps it: whose, of which volume (its size and the zone it was taken
 * in, whose storage controller holds it), and how far the copy into Walrus has got.
 */
@Entity
@Table(name = "snapshots")
public class Snapshot {
  public static final String PENDING = "pending";
  public static final String COMPLETED = "completed";
  public static final String ERROR = "error";
  public static final String DELETING = "deleting";

  @Id
  @Column(name = "snapshot_id", length = 16)
  private String snapshotId;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  /** The user who took it (counted by that user's snapshot quota); null for the cloud's own. */
  @Column(name = "user_id", length = 32)
  private String userId;

  @Column(name = "volume_id", nullable = false, length = 16)
  private String volumeId;

  @Column(name = "volume_size_gib", nullable = false)
  private int volumeSizeGiB;

  @Column(name = "zone", nullable = false, length = 64)
  private String zone;

  @Column(name = "state", nullable = false, length = 16)
  private String state;

  @Column(name = "progress", nullable = false, length = 8)
  private String progress;

  @Column(name = "state_reason", length = 255)
  private String stateReason;

  @Column(name = "start_time", nullable = false)
  private Instant startTime;

  @Column(name = "description", length = 255)
  private String description;

  protected Snapshot() {}

  Snapshot(String snapshotId, String accountNumber, String userId, String volumeId, int volumeSizeGiB, String zone,
      Instant startTime, String description) {
    this.snapshotId = snapshotId;
    this.accountNumber = accountNumber;
    this.userId = userId;
    this.volumeId = volumeId;
    this.volumeSizeGiB = volumeSizeGiB;
    this.zone = zone;
    this.state = PENDING;
    this.progress = "0%";
    this.startTime = startTime;
    this.description = description;
  }

  public String snapshotId() { return snapshotId; }
  public String accountNumber() { return accountNumber; }
  public String userId() { return userId; }
  public String volumeId() { return volumeId; }
  public int volumeSizeGiB() { return volumeSizeGiB; }
  public String zone() { return zone; }
  public String state() { return state; }
  public String progress() { return progress; }
  public String stateReason() { return stateReason; }
  public Instant startTime() { return startTime; }
  public String description() { return description; }

  /** Moves a pending snapshot on as its storage controller reports it; a finished one stays as it is. */
  boolean advance(String newState, String newProgress, String reason) {
    if (!state.equals(PENDING)) {
      return false;
    }
    boolean changed = !newState.equals(state) || !newProgress.equals(progress);
    state = newState;
    progress = newProgress;
    if (reason != null) {
      stateReason = reason.length() > 255 ? reason.substring(0, 255) : reason;
    }
    return changed;
  }
}
