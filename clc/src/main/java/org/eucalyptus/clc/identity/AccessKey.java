package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "access_keys")
public class AccessKey {
  @Id
  @Column(name = "access_key_id", length = 32)
  private String accessKeyId;

  @Column(name = "secret_key", nullable = false, length = 64)
  private String secretKey;

  @Column(name = "user_id", nullable = false, length = 32)
  private String userId;

  @Column(name = "active", nullable = false)
  private boolean active;

  @Column(name = "created", nullable = false)
  private Instant created;

  protected AccessKey() {}

  public AccessKey(String accessKeyId, String secretKey, String userId, boolean active, Instant created) {
    this.accessKeyId = accessKeyId;
    this.secretKey = secretKey;
    this.userId = userId;
    this.active = active;
    this.created = created;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretKey() {
    return secretKey;
  }

  public String userId() {
    return userId;
  }

  public boolean active() {
    return active;
  }

  public Instant created() {
    return created;
  }

  public void setActive(boolean active) {
    this.active = active;
  }
}
