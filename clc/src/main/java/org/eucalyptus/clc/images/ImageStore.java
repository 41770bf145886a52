package org.eucalyptus.clc.images;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.quotas.Holdings;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.quotas.QuotaGuard;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.util.IdSource;

/** The image table. */
public final class ImageStore {
  /** Tries at drawing an image id no other image holds (32 random bits). */
  static final int ID_ATTEMPTS = 5;
  private final Database db;
  private final Clock clock;
  private final IdSource ids;

  public ImageStore(Database db, Clock clock) {
    this(db, clock, new IdSource());
  }

  public ImageStore(Database db, Clock clock, IdSource ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  public Optional<Image> find(String imageId) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(Image.class, imageId)));
  }

  public List<Image> all() {
    return db.inTransaction(s -> s.createQuery("from Image where state = 'available' order by imageId", Image.class).list());
  }

  /** Registers an image for the cloud itself (no quota, no owning user); its id prefix follows its type. */
  public Image register(String ownerAccount, String name, String description, String location, String imageType,
      String architecture, String kernelId, String ramdiskId, boolean isPublic) {
    try {
      return register(QuotaClaim.unlimited(Quotas.IMAGE_NUMBER, ownerAccount, null), name, description, location,
          imageType, architecture, kernelId, ramdiskId, isPublic);
    } catch (LimitExceededException e) {
      throw new IllegalStateException("an unlimited claim was refused", e);
    }
  }

  /**
   * Registers an image owned by the claim's account and user, within the claim's image quota
   * (counted and inserted in one transaction, under the account's lock: see {@link QuotaGuard});
   * its id prefix follows its type (emi, eki, eri).
   */
  public Image register(QuotaClaim owner, String name, String description, String location, String imageType,
      String architecture, String kernelId, String ramdiskId, boolean isPublic) throws LimitExceededException {
    String ownerAccount = owner.accountNumber();
    String prefix = switch (imageType) {
      case "machine" -> "emi";
      case "kernel" -> "eki";
      case "ramdisk" -> "eri";
      default -> throw new IllegalArgumentException("image type must be machine, kernel or ramdisk");
    };
    return db.insertWithFreshIds(ID_ATTEMPTS, s -> {
      QuotaGuard.admitOne(s, owner, Holdings.IMAGES, ResourceKind.IMAGE, "images");
      Image image = new Image(ids.next(prefix), ownerAccount, name, description, location, imageType, architecture,
          kernelId, ramdiskId, isPublic, clock.instant());
      image.setOwnerUser(owner.userId());
      s.persist(image);
      return image;
    });
  }

  /**
   * Registers an EBS-backed machine image (root device type ebs) owned by the claim's account and
   * user, with its block device mappings, within the image quota. Its location is EC2's
   * {@code <account>/<name>}; the mappings were checked by the caller (the root one names a
   * snapshot the account may create volumes from).
   */
  public Image registerEbs(QuotaClaim owner, String name, String description, String architecture, String kernelId,
      String ramdiskId, boolean isPublic, String rootDeviceName, List<BlockDeviceMapping> mappings)
      throws LimitExceededException {
    return db.insertWithFreshIds(ID_ATTEMPTS, s -> {
      QuotaGuard.admitOne(s, owner, Holdings.IMAGES, ResourceKind.IMAGE, "images");
      Image image = new Image(ids.next("emi"), owner.accountNumber(), name, description,
          owner.accountNumber() + "/" + name, "machine", architecture, kernelId, ramdiskId, isPublic, clock.instant());
      image.setOwnerUser(owner.userId());
      image.setEbsRoot(rootDeviceName);
      s.persist(image);
      s.flush(); // the mappings refer to the image's row
      for (BlockDeviceMapping m : mappings) {
        s.persist(new ImageBlockDeviceMapping(image.imageId(), m));
      }
      return image;
    });
  }

  /** The block device mappings of each of these images (by device name), by image id. */
  public java.util.Map<String, List<BlockDeviceMapping>> mappingsOf(java.util.Collection<String> imageIds) {
    java.util.Map<String, List<BlockDeviceMapping>> out = new java.util.HashMap<>();
    imageIds.forEach(id -> out.put(id, new java.util.ArrayList<>()));
    if (imageIds.isEmpty()) {
      return out;
    }
    db.run(s -> s.createQuery("from ImageBlockDeviceMapping where imageId in (:ids) order by deviceName",
            ImageBlockDeviceMapping.class)
        .setParameterList("ids", imageIds).list().forEach(m -> out.get(m.imageId()).add(m.mapping())));
    return out;
  }

  /** The accounts each of these images was shared with. */
  public java.util.Map<String, java.util.Set<String>> sharedWith(java.util.Collection<String> imageIds) {
    java.util.Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
    imageIds.forEach(id -> out.put(id, new java.util.TreeSet<>()));
    if (imageIds.isEmpty()) {
      return out;
    }
    db.run(s -> s.createQuery("from LaunchPermission where imageId in (:ids)", LaunchPermission.class)
        .setParameterList("ids", imageIds).list().forEach(p -> out.get(p.imageId()).add(p.accountNumber())));
    return out;
  }

  /** An available image the account may launch, if there is one with this id. */
  public Optional<Image> launchable(String imageId, String accountNumber) {
    return find(imageId).filter(i -> i.state().equals("available"))
        .filter(i -> i.launchableBy(accountNumber, sharedWith(List.of(imageId)).get(imageId)));
  }

  /** Changes who may launch an image: public or not, accounts added and removed. */
  public void changeLaunchPermission(String imageId, Boolean makePublic, java.util.Collection<String> add,
      java.util.Collection<String> remove) {
    db.run(s -> {
      Image image = s.find(Image.class, imageId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
      if (makePublic != null) {
        image.setPublic(makePublic);
      }
      for (String a : add) {
        if (s.find(LaunchPermission.class, new LaunchPermission.Key(imageId, a)) == null) {
          s.persist(new LaunchPermission(imageId, a));
        }
      }
      for (String a : remove) {
        LaunchPermission p = s.find(LaunchPermission.class, new LaunchPermission.Key(imageId, a));
        if (p != null) {
          s.remove(p);
        }
      }
    });
  }

  /** Makes an image private to its owner again. */
  public void resetLaunchPermission(String imageId) {
    db.run(s -> {
      s.find(Image.class, imageId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).setPublic(false);
      s.createMutationQuery("delete from LaunchPermission where imageId = :i").setParameter("i", imageId).executeUpdate();
    });
  }

  public void setDescription(String imageId, String description) {
    db.run(s -> s.find(Image.class, imageId).setDescription(description));
  }

  /** Deregisters an image; its tags go with it. */
  public void deregister(String imageId) {
    db.run(s -> {
      s.find(Image.class, imageId).deregister();
      s.createMutationQuery("delete from Tag where resourceId = :i").setParameter("i", imageId).executeUpdate();
    });
  }

  /** The first available image with this name and owner, if any (lets first-start registration run once). */
  public Optional<Image> findByName(String ownerAccount, String name) {
    return db.inTransaction(s -> s.createQuery(
            "from Image where ownerAccount = :o and name = :n and state = 'available'", Image.class)
        .setParameter("o", ownerAccount).setParameter("n", name).setMaxResults(1).uniqueResultOptional());
  }
}
