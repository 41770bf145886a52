package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "users")
public class User {
  public static final String ADMIN = "admin";

  @Id
  @Column(name = "user_id", length = 32)
  private String userId;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  @Column(name = "name", nullable = false, length = 64)
  private String name;

  @Column(name = "created", nullable = false)
  private Instant created;

  @Column(name = "path", nullable = false, length = 512)
  private String path = "/";

  protected User() {}

  public User(String userId, String accountNumber, String name, Instant created) {
    this.userId = userId;
    this.accountNumber = accountNumber;
    this.name = name;
    this.created = created;
  }

  public String userId() {
    return userId;
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

  void setPath(String path) {
    this.path = path;
  }

  void rename(String newName, String newPath) {
    this.name = newName;
    this.path = newPath;
  }
}
