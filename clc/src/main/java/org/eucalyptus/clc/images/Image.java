package org.eucalyptus.clc.images;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered image: machine ({@code emi-}), kernel ({@code eki-}) or ramdisk ({@code eri-}). */
@Entity
@Table(name = "images")
public class Image {
  public static final String INSTANCE_STORE = "instance-store";
  public static final String EBS = "ebs";
  /** The root device of instance-store images, as 3.1 and EC2 name it. */
  public static final String DEFAULT_ROOT_DEVICE = "/dev/sda1";

  @Id
  @Column(name = "image_id", length = 16)
  private String imageId;

  @Column(name = "owner_account", nullable = false, length = 12)
  private String ownerAccount;

  @Column(name = "name", nullable = false)
  private String name;

  @Column(name = "description")
  private String description;

  @Column(name = "location", nullable = false, length = 1024)
  private String location;

  @Column(name = "image_type", nullable = false, length = 16)
  private String imageType;

  @Column(name = "architecture", nullable = false, length = 16)
  private String architecture;

  @Column(name = "kernel_id", length = 16)
  private String kernelId;

  @Column(name = "ramdisk_id", length = 16)
  private String ramdiskId;

  @Column(name = "state", nullable = false, length = 16)
  private String state;

  @Column(name = "is_public", nullable = false)
  private boolean isPublic;

  @Column(name = "registered", nullable = false)
  private Instant registered;

  /** The user who registered it (counted by that user's image quota); null for images from before V14. */
  @Column(name = "owner_user", length = 32)
  private String ownerUser;

  /** {@link #INSTANCE_STORE} (a bundle the node fetches) or {@link #EBS} (a volume made from a snapshot at launch). */
  @Column(name = "root_device_type", nullable = false, length = 16)
  private String rootDeviceType = INSTANCE_STORE;

  /** The EBS root's device (e.g. /dev/sda1); null for instance-store images, whose root is /dev/sda1. */
  @Column(name = "root_device_name", length = 32)
  private String rootDeviceName;

  protected Image() {}

  public Image(String imageId, String ownerAccount, String name, String description, String location,
      String imageType, String architecture, String kernelId, String ramdiskId, boolean isPublic, Instant registered) {
    this.imageId = imageId;
    this.ownerAccount = ownerAccount;
    this.name = name;
    this.description = description;
    this.location = location;
    this.imageType = imageType;
    this.architecture = architecture;
    this.kernelId = kernelId;
    this.ramdiskId = ramdiskId;
    this.state = "available";
    this.isPublic = isPublic;
    this.registered = registered;
  }

  public String imageId() { return imageId; }
  public String ownerAccount() { return ownerAccount; }
  public String name() { return name; }
  public String description() { return description; }
  public String location() { return location; }
  public String imageType() { return imageType; }
  public String architecture() { return architecture; }
  public String kernelId() { return kernelId; }
  public String ramdiskId() { return ramdiskId; }
  public String state() { return state; }
  public boolean isPublic() { return isPublic; }
  public String ownerUser() { return ownerUser; }
  public String rootDeviceType() { return rootDeviceType; }
  public boolean ebsBacked() { return EBS.equals(rootDeviceType); }

  public String rootDeviceName() {
    return rootDeviceName == null ? DEFAULT_ROOT_DEVICE : rootDeviceName;
  }

  void setEbsRoot(String rootDeviceName) {
    this.rootDeviceType = EBS;
    this.rootDeviceName = rootDeviceName;
  }

  void setOwnerUser(String userId) {
    this.ownerUser = userId;
  }

  public void deregister() {
    this.state = "deregistered";
  }

  public void setPublic(boolean isPublic) {
    this.isPublic = isPublic;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  /** Whether an account may see and launch this image, given the accounts it was shared with. */
  public boolean launchableBy(String accountNumber, java.util.Collection<String> sharedWith) {
    return isPublic || ownerAccount.equals(accountNumber) || sharedWith.contains(accountNumber);
  }
}
