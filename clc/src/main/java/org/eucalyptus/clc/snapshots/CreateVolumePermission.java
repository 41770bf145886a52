package org.eucalyptus.clc.snapshots;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** Leave for one account, or for all ({@link #ALL}), to create volumes from a snapshot it does not own. */
@Entity
@Table(name = "snapshot_create_volume_permissions")
@IdClass(CreateVolumePermission.Key.class)
public class CreateVolumePermission {
  /** The group every account is in, as EC2 names it. */
  public static final String ALL = "all";

  public record Key(String snapshotId, String accountNumber) implements Serializable {
    public Key() {
      this(null, null);
    }
  }

  @Id
  @Column(name = "snapshot_id", length = 16)
  private String snapshotId;

  @Id
  @Column(name = "account_number", length = 12)
  private String accountNumber;

  protected CreateVolumePermission() {}

  public CreateVolumePermission(String snapshotId, String accountNumber) {
    this.snapshotId = snapshotId;
    this.accountNumber = accountNumber;
  }

  public String snapshotId() { return snapshotId; }
  public String accountNumber() { return accountNumber; }
}
