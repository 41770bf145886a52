package org.eucalyptus.clc.clusters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.persistence.Database;

/** The registered clusters (availability zones), kept in the database. */
public final class ClusterRegistry {
  private final Database db;
  private final Clock clock;

  public ClusterRegistry(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public List<Cluster> list() {
    return db.inTransaction(s -> s.createQuery("from Cluster order by name", Cluster.class).list());
  }

  public Optional<Cluster> find(String name) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(Cluster.class, name)));
  }

  /** Registers a cluster, or moves an existing one to a new address. */
  public Cluster register(String name, String host, int port) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("Cluster names are letters, digits, '.', '_' and '-' (at most 64)");
    }
    return db.inTransaction(s -> {
      Cluster c = s.find(Cluster.class, name);
      if (c == null) {
        c = new Cluster(name, host, port, clock.instant());
        s.persist(c);
      } else {
        c.moveTo(host, port);
      }
      return c;
    });
  }

  /**
   * Removes a cluster; refused while it has instances that have not ended (they would be lost
   * track of), addresses of its pool in use, or a storage controller.
   */
  public void deregister(String name) throws DomainException {
    db.run(s -> {
      Cluster c = s.find(Cluster.class, name);
      if (c == null) {
        throw new NotFoundException(ResourceKind.CLUSTER, "No cluster " + name + " is registered.");
      }
      long live = s.createQuery("select count(*) from Instance where cluster = :c"
          + " and state in ('pending', 'running', 'shutting-down')", Long.class).setParameter("c", name).uniqueResult();
      if (live > 0) {
        throw new ConflictException(ResourceKind.CLUSTER,
            "Cluster " + name + " still has " + live + " instance(s); terminate them first.");
      }
      // clc-plumbing: a zone's storage controller goes first (its volumes are in the zone).
      java.util.List<String> scs = s.createQuery("select name from StorageController where zone = :c", String.class)
          .setParameter("c", name).list();
      if (!scs.isEmpty()) {
        throw new ConflictException(ResourceKind.CLUSTER,
            "Cluster " + name + " still has storage controller " + scs.get(0) + "; deregister it first.");
      }
      s.remove(c);
    });
  }

  /**
   * Parses {@code CLC_CLUSTERS}: space-separated {@code name=host:port} entries.
   */
  public static List<String[]> parseSetting(String value) {
    List<String[]> out = new ArrayList<>();
    for (String entry : value.trim().split("\\s+")) {
      if (entry.isEmpty()) {
        continue;
      }
      String[] nameAddr = entry.split("=", 2);
      String[] hostPort = nameAddr.length == 2 ? nameAddr[1].split(":", 2) : new String[0];
      if (hostPort.length != 2 || !hostPort[1].matches("\\d{1,5}")) {
        throw new IllegalArgumentException("CLC_CLUSTERS entries look like cluster01=10.0.0.1:8774, not '" + entry + "'");
      }
      out.add(new String[] {nameAddr[0], hostPort[0], hostPort[1]});
    }
    return out;
  }
}
