package org.eucalyptus.clc.groups;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A security group: a named set of ingress rules in an account. */
@Entity
@Table(name = "security_groups")
public class SecurityGroup {
  public static final String DEFAULT = "default";

  @Id
  @Column(name = "group_id", length = 20)
  private String groupId;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  @Column(name = "name", nullable = false)
  private String name;

  @Column(name = "description", nullable = false)
  private String description;

  @Column(name = "created", nullable = false)
  private Instant created;

  @Column(name = "network_tag")
  private Integer networkTag;

  protected SecurityGroup() {}

  public SecurityGroup(String groupId, String accountNumber, String name, String description, Instant created) {
    this.groupId = groupId;
    this.accountNumber = accountNumber;
    this.name = name;
    this.description = description;
    this.created = created;
  }

  public String groupId() { return groupId; }
  public String accountNumber() { return accountNumber; }
  public String name() { return name; }
  public String description() { return description; }

  /** The group's network on MANAGED clusters, or null until it is first needed. */
  public Integer networkTag() {
    return networkTag;
  }

  void setNetworkTag(int tag) {
    this.networkTag = tag;
  }
}
