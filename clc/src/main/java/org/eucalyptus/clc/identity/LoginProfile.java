package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's console password, kept only as a salted slow hash. */
@Entity
@Table(name = "iam_login_profiles")
public class LoginProfile {
  @Id
  @Column(name = "user_id", length = 32)
  private String userId;

  @Column(name = "password_hash", nullable = false, length = 256)
  private String passwordHash;

  @Column(name = "created", nullable = false)
  private Instant created;

  protected LoginProfile() {}

  public LoginProfile(String userId, String passwordHash, Instant created) {
    this.userId = userId;
    this.passwordHash = passwordHash;
    this.created = created;
  }

  public String userId() {
    return userId;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public Instant created() {
    return created;
  }

  void replaceHash(String newHash) {
    this.passwordHash = newHash;
  }
}
