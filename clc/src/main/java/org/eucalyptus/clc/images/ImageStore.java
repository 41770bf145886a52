package org.eucalyptus.clc.images;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.util.Ids;

/** The image table. */
public final class ImageStore {
  private final Database db;
  private final Clock clock;

  public ImageStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Optional<Image> find(String imageId) {
    return db.inTransaction(s -> Optional.ofNullable(s.get(Image.class, imageId)));
  }

  public List<Image> all() {
    return db.inTransaction(s -> s.createQuery("from Image where state = 'available' order by imageId", Image.class).list());
  }

  /** Registers an image; its id prefix follows its type (emi, eki, eri). */
  public Image register(String ownerAccount, String name, String description, String location, String imageType,
      String architecture, String kernelId, String ramdiskId, boolean isPublic) {
    String prefix = switch (imageType) {
      case "machine" -> "emi";
      case "kernel" -> "eki";
      case "ramdisk" -> "eri";
      default -> throw new IllegalArgumentException("image type must be machine, kernel or ramdisk");
    };
    Image image = new Image(Ids.newId(prefix), ownerAccount, name, description, location, imageType, architecture,
        kernelId, ramdiskId, isPublic, clock.instant());
    db.run(s -> s.persist(image));
    return image;
  }

  /** The first available image with this name and owner, if any (lets first-start registration run once). */
  public Optional<Image> findByName(String ownerAccount, String name) {
    return db.inTransaction(s -> s.createQuery(
            "from Image where ownerAccount = :o and name = :n and state = 'available'", Image.class)
        .setParameter("o", ownerAccount).setParameter("n", name).setMaxResults(1).uniqueResultOptional());
  }
}
