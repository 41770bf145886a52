package org.eucalyptus.clc.addresses;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One public address of a cluster's pool, and who has it. */
@Entity
@Table(name = "addresses")
public class Address {
  @Id
  @Column(name = "public_ip", length = 45)
  private String publicIp;

  @Column(name = "cluster", nullable = false, length = 64)
  private String cluster;

  /** The account it is allocated to (elastic), or null. */
  @Column(name = "account_number", length = 12)
  private String accountNumber;

  /** Lent to an instance for its life, not allocated by anyone. */
  @Column(name = "auto_assigned", nullable = false)
  private boolean autoAssigned;

  @Column(name = "instance_id", length = 16)
  private String instanceId;

  @Column(name = "allocation_id", length = 32)
  private String allocationId;

  @Column(name = "changed", nullable = false)
  private Instant changed;

  /** The user who allocated it (counted by that user's address quota), or null. */
  @Column(name = "user_id", length = 32)
  private String userId;

  protected Address() {}

  public Address(String publicIp, String cluster, Instant now) {
    this.publicIp = publicIp;
    this.cluster = cluster;
    this.changed = now;
  }

  public String publicIp() { return publicIp; }
  public String cluster() { return cluster; }
  public String accountNumber() { return accountNumber; }
  public boolean autoAssigned() { return autoAssigned; }
  public String instanceId() { return instanceId; }
  public String allocationId() { return allocationId; }
  public String userId() { return userId; }

  public boolean free() {
    return accountNumber == null && !autoAssigned;
  }

  void allocate(String account, String userId, String allocationId, Instant now) {
    this.accountNumber = account;
    this.userId = userId;
    this.allocationId = allocationId;
    this.autoAssigned = false;
    this.changed = now;
  }

  void lendTo(String instanceId, Instant now) {
    this.autoAssigned = true;
    this.instanceId = instanceId;
    this.changed = now;
  }

  void associate(String instanceId, Instant now) {
    this.instanceId = instanceId;
    this.changed = now;
  }

  /** Back to the pool (or, for an elastic one, just unassociated). */
  void detach(Instant now) {
    this.instanceId = null;
    if (autoAssigned) {
      this.autoAssigned = false;
    }
    this.changed = now;
  }

  void release(Instant now) {
    this.accountNumber = null;
    this.userId = null;
    this.allocationId = null;
    this.instanceId = null;
    this.autoAssigned = false;
    this.changed = now;
  }
}
