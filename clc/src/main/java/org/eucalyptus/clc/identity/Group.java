package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An IAM group of users in one account: its policies apply to every member. */
@Entity
@Table(name = "iam_groups")
public class Group {
  @Id
  @Column(name = "group_id", length = 32)
  private String groupId;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  @Column(name = "name", nullable = false, length = 128)
  private String name;

  @Column(name = "path", nullable = false, length = 512)
  private String path = "/";

  @Column(name = "created", nullable = false)
  private Instant created;

  protected Group() {}

  public Group(String groupId, String accountNumber, String name, String path, Instant created) {
    this.groupId = groupId;
    this.accountNumber = accountNumber;
    this.name = name;
    this.path = path;
    this.created = created;
  }

  public String groupId() {
    return groupId;
  }

  public String accountNumber() {
    return accountNumber;
  }

  public String name() {
    return name;
  }

  public String path() {
    return path;
  }

  public Instant created() {
    return created;
  }

  void rename(String newName, String newPath) {
    this.name = newName;
    this.path = newPath;
  }
}
