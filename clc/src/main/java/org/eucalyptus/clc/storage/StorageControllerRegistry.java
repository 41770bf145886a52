package org.eucalyptus.clc.storage;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;
import org.hibernate.Session;

/**
 * The registered storage controllers, one per availability zone, kept in the database. A zone is a
 * registered cluster; its storage controller is registered after it and deregistered before it.
 */
public final class StorageControllerRegistry {
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private static final String HOST = "[A-Za-z0-9][A-Za-z0-9.-]{0,252}";

  private final Database db;
  private final Clock clock;

  public StorageControllerRegistry(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public List<StorageController> list() {
    return db.inTransaction(s -> s.createQuery("from StorageController order by zone", StorageController.class)
        .list());
  }

  public Optional<StorageController> find(String name) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(StorageController.class, name)));
  }

  public Optional<StorageController> forZone(String zone) {
    return db.inTransaction(s -> s.createQuery("from StorageController where zone = :z", StorageController.class)
        .setParameter("z", zone).uniqueResultOptional());
  }

  /**
   * Registers the storage controller {@code name} for {@code zone}, or moves the one registered under
   * that name to a new address. Refused: a zone that is no registered cluster, a zone that has another
   * storage controller already, and a known name for another zone (its volumes are in its zone).
   */
  public StorageController register(String name, String zone, String host, int port) throws DomainException {
    if (!name.matches(NAME)) {
      throw new InvalidException(ResourceKind.STORAGE,
          "Storage controller names are letters, digits, '.', '_' and '-' (at most 64), not '" + name + "'.");
    }
    if (!host.matches(HOST)) {
      throw new InvalidException(ResourceKind.STORAGE,
          "The storage controller's host is a host name or address, not '" + host + "'.");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidException(ResourceKind.STORAGE, "The storage controller's port is 1-65535, not " + port + ".");
    }
    return db.inTransaction(s -> {
      if (s.find(Cluster.class, zone) == null) {
        throw new NotFoundException(ResourceKind.CLUSTER,
            "No cluster " + zone + " is registered: register the zone as a cluster first.");
      }
      StorageController known = s.find(StorageController.class, name);
      if (known != null && !known.zone().equals(zone)) {
        throw new ConflictException(ResourceKind.STORAGE, "Storage controller " + name + " serves zone "
            + known.zone() + "; deregister it before registering it for " + zone + ".");
      }
      StorageController inZone = s.createQuery("from StorageController where zone = :z", StorageController.class)
          .setParameter("z", zone).uniqueResult();
      if (inZone != null && !inZone.name().equals(name)) {
        throw new ConflictException(ResourceKind.STORAGE, "Zone " + zone + " already has storage controller "
            + inZone.name() + "; deregister it first.");
      }
      if (known == null) {
        known = new StorageController(name, zone, host, port, clock.instant());
        s.persist(known);
      } else {
        known.moveTo(host, port);
      }
      return known;
    });
  }

  /** Removes a storage controller; refused while its zone has volumes (they would be lost track of). */
  public StorageController deregister(String name) throws DomainException {
    return db.inTransaction(s -> {
      StorageController sc = s.find(StorageController.class, name);
      if (sc == null) {
        throw new NotFoundException(ResourceKind.STORAGE, "No storage controller " + name + " is registered.");
      }
      long volumes = volumesIn(s, sc.zone());
      if (volumes > 0) {
        throw new ConflictException(ResourceKind.STORAGE, "Zone " + sc.zone() + " still has " + volumes
            + " volume(s); delete them before deregistering its storage controller " + name + ".");
      }
      s.remove(sc);
      return sc;
    });
  }

  /**
   * The volumes of {@code zone} not deleted, from the volume store's table ({@code volumes}, migration
   * V16), read in plain SQL so that this registry does not depend on the volumes' entity; none while
   * that table does not exist.
   */
  static long volumesIn(Session s, String zone) {
    Long tables = s.createNativeQuery("select count(*) from information_schema.tables"
        + " where lower(table_name) = 'volumes' and lower(table_schema) = lower(current_schema)", Long.class)
        .getSingleResult();
    if (tables == 0) {
      return 0;
    }
    return s.createNativeQuery("select count(*) from volumes where zone = :z and state <> 'deleted'", Long.class)
        .setParameter("z", zone).getSingleResult();
  }
}
