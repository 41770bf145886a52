package org.eucalyptus.clc.images;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** Leave for one account to launch an image that is not public. */
@Entity
@Table(name = "image_launch_permissions")
@IdClass(LaunchPermission.Key.class)
public class LaunchPermission {
  public record Key(String imageId, String accountNumber) implements Serializable {
    public Key() {
      this(null, null);
    }
  }

  @Id
  @Column(name = "image_id", length = 16)
  private String imageId;

  @Id
  @Column(name = "account_number", length = 12)
  private String accountNumber;

  protected LaunchPermission() {}

  public LaunchPermission(String imageId, String accountNumber) {
    this.imageId = imageId;
    this.accountNumber = accountNumber;
  }

  public String imageId() { return imageId; }
  public String accountNumber() { return accountNumber; }
}
