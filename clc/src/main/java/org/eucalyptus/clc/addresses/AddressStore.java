package org.eucalyptus.clc.addresses;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.quotas.Holdings;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.quotas.QuotaGuard;
import org.eucalyptus.common.util.Ids;
import org.hibernate.Session;

/**
 * Public addresses: the clusters' pools, elastic addresses allocated to accounts and associated
 * with instances, and the addresses lent to instances for their life. Transactions lock address
 * rows before instance rows, always in that order.
 */
public final class AddressStore {
  private final Database db;
  private final Clock clock;

  public AddressStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Makes a cluster's pool exactly {@code ips}; an address in use cannot leave it, and one of another
   * cluster's pool cannot join it. All or nothing: a refused change leaves the pool as it was.
   */
  public void setPool(String cluster, Collection<String> ips) throws ConflictException {
    db.run(s -> {
      Set<String> wanted = new LinkedHashSet<>(ips);
      for (Address a : s.createQuery("from Address where cluster = :c order by publicIp", Address.class)
          .setParameter("c", cluster).setLockMode(LockModeType.PESSIMISTIC_WRITE).list()) {
        if (!wanted.remove(a.publicIp())) {
          if (!a.free()) {
            throw new ConflictException(ResourceKind.ADDRESS, "address " + a.publicIp() + " is in use");
          }
          s.remove(a);
        }
      }
      for (String ip : wanted) {
        Address other = s.find(Address.class, ip);
        if (other != null) {
          throw new ConflictException(ResourceKind.ADDRESS, "address " + ip + " belongs to cluster " + other.cluster());
        }
        s.persist(new Address(ip, cluster, clock.instant()));
      }
    });
  }

  /**
   * Allocates a free address to the claim's account and user, within the claim's address quota
   * (counted and taken in one transaction, under the account's lock: see {@link QuotaGuard}).
   */
  public Address allocate(QuotaClaim claim) throws LimitExceededException {
    return db.inTransaction(s -> {
      QuotaGuard.admitOne(s, claim, Holdings.ADDRESSES, ResourceKind.ADDRESS, "addresses");
      Address free = s.createQuery("from Address where accountNumber is null and autoAssigned = false"
              + " order by publicIp", Address.class).setMaxResults(1)
          .setLockMode(LockModeType.PESSIMISTIC_WRITE).uniqueResult();
      if (free == null) {
        throw new LimitExceededException(ResourceKind.ADDRESS, "There are no free public addresses left. The cloud"
            + " administrator adds addresses to a cluster's pool with: euca-admin set-addresses CLUSTER"
            + " ADDRESS|FIRST-LAST ... (the whole pool, as it is to be).");
      }
      free.allocate(claim.accountNumber(), claim.userId(), "eipalloc-" + Ids.random("0123456789abcdef", 8), clock.instant());
      return free;
    });
  }

  /**
   * Associates an elastic address with a live instance of its cluster, moving it from any other:
   * NotFound for an address or instance not the caller's, Invalid for one in another zone.
   */
  public void associate(String account, boolean admin, String publicIp, String instanceId) throws DomainException {
    db.run(s -> {
      Address a = owned(s, account, admin, publicIp);
      Instance inst = s.find(Instance.class, instanceId, LockModeType.PESSIMISTIC_WRITE);
      if (inst == null || !inst.state().isLive() || (!admin && !inst.accountNumber().equals(account))) {
        throw new NotFoundException(ResourceKind.INSTANCE, "The instance ID '" + instanceId + "' does not exist");
      }
      if (!inst.cluster().equals(a.cluster())) {
        throw new InvalidException(ResourceKind.ADDRESS,
            "Address " + publicIp + " is in another availability zone than instance " + instanceId);
      }
      if (a.instanceId() != null && !a.instanceId().equals(instanceId)) {
        Instance previous = s.find(Instance.class, a.instanceId(), LockModeType.PESSIMISTIC_WRITE);
        if (previous != null) {
          previous.setPublicIp(lendFree(s, previous));
        }
      }
      if (inst.publicIp() != null && !inst.publicIp().equals(publicIp)) {
        Address old = s.find(Address.class, inst.publicIp(), LockModeType.PESSIMISTIC_WRITE);
        if (old != null) {
          old.detach(clock.instant());
        }
      }
      a.associate(instanceId, clock.instant());
      inst.setPublicIp(publicIp);
    });
  }

  /** Takes an elastic address off its instance, which gets a lent one if the pool has any. */
  public void disassociate(String account, boolean admin, String publicIp) throws NotFoundException {
    db.run(s -> detachFrom(s, owned(s, account, admin, publicIp)));
  }

  public void release(String account, boolean admin, String publicIp) throws NotFoundException {
    db.run(s -> {
      Address a = owned(s, account, admin, publicIp);
      detachFrom(s, a);
      a.release(clock.instant());
    });
  }

  /** Lends each new instance a free address of its cluster, while the pool has any. */
  public void lendToNew(List<String> instanceIds) {
    db.run(s -> lendToNew(s, instanceIds));
  }

  /**
   * As {@link #lendToNew(List)}, in the caller's transaction (a launch recording its placement lends in
   * the same commit: on H2 every commit is a write of the file, which all commits queue for).
   */
  public void lendToNew(Session s, List<String> instanceIds) {
    // Every instance first, in id order, then the addresses: the order the other writers keep.
    java.util.Map<String, List<Instance>> needing = new java.util.TreeMap<>();
    for (Instance inst : org.eucalyptus.clc.instances.InstanceLocks.inIdOrder(s, instanceIds)) {
      if (inst.state().isLive() && inst.publicIp() == null) {
        needing.computeIfAbsent(inst.cluster(), c -> new ArrayList<>()).add(inst);
      }
    }
    // A cluster's free addresses in one select, as many as it has instances to lend to; the lowest
    // addresses go to the lowest ids, and what there is not enough for goes without.
    needing.forEach((cluster, instances) -> {
      List<Address> free = s.createQuery("from Address where cluster = :c and accountNumber is null"
              + " and autoAssigned = false order by publicIp", Address.class).setParameter("c", cluster)
          .setMaxResults(instances.size()).setLockMode(LockModeType.PESSIMISTIC_WRITE).list();
      for (int k = 0; k < free.size(); k++) {
        free.get(k).lendTo(instances.get(k).instanceId(), clock.instant());
        instances.get(k).setPublicIp(free.get(k).publicIp());
      }
    });
  }

  /**
   * Lends a free address to each live instance that has none while its cluster's pool has one: a
   * launch whose front end died between the cluster's answer and its lending (two front ends, or a
   * restart) would otherwise run without. Asks nothing more when no address is free.
   */
  public void lendToUnaddressed() {
    List<String> ids = db.inTransaction(s -> {
      Long free = s.createQuery("select count(*) from Address where accountNumber is null and autoAssigned = false",
          Long.class).uniqueResult();
      return free == 0 ? List.<String>of() : s.createQuery("select i.instanceId from Instance i"
          + " where i.state in ('pending', 'running') and i.publicIp is null and exists (select a.publicIp from Address a"
          + " where a.cluster = i.cluster and a.accountNumber is null and a.autoAssigned = false)"
          + " order by i.instanceId", String.class).list();
    });
    if (!ids.isEmpty()) {
      lendToNew(ids);
    }
  }

  /** Returns the addresses of terminated and stopped instances: lent ones to the pool, elastic ones unassociated (as EC2-Classic does on a stop). */
  public void reclaimFromEnded() {
    db.run(s -> {
      List<Address> held = s.createQuery("select a from Address a, Instance i where a.instanceId = i.instanceId"
          + " and i.state in ('terminated', 'stopping', 'stopped') order by a.publicIp", Address.class)
          .setLockMode(LockModeType.PESSIMISTIC_WRITE).list();
      held.forEach(a -> a.detach(clock.instant()));
    });
  }

  /** Addresses allocated to an account (every account's for {@code account == null}). */
  public List<Address> allocated(String account) {
    return db.inTransaction(s -> s.createQuery("from Address where accountNumber is not null"
            + " and (:all = true or accountNumber = :a) order by publicIp", Address.class)
        .setParameter("all", account == null).setParameter("a", account == null ? "" : account).list());
  }

  public List<Address> all() {
    return db.inTransaction(s -> s.createQuery("from Address order by cluster, publicIp", Address.class).list());
  }

  private String lendFree(Session s, Instance inst) {
    Address free = s.createQuery("from Address where cluster = :c and accountNumber is null and autoAssigned = false"
            + " order by publicIp", Address.class).setParameter("c", inst.cluster()).setMaxResults(1)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE).uniqueResult();
    if (free == null) {
      return null;
    }
    free.lendTo(inst.instanceId(), clock.instant());
    return free.publicIp();
  }

  private void detachFrom(Session s, Address a) {
    if (a.instanceId() == null) {
      return;
    }
    Instance inst = s.find(Instance.class, a.instanceId(), LockModeType.PESSIMISTIC_WRITE);
    a.detach(clock.instant());
    if (inst != null && publicIpIs(inst, a.publicIp())) {
      inst.setPublicIp(inst.state().isLive() ? lendFree(s, inst) : null);
    }
  }

  private static boolean publicIpIs(Instance inst, String ip) {
    return ip.equals(inst.publicIp());
  }

  /** The elastic address, locked, if it is allocated to the account (to any, for the administrator). */
  private static Address owned(Session s, String account, boolean admin, String publicIp) throws NotFoundException {
    Address a = s.find(Address.class, publicIp, LockModeType.PESSIMISTIC_WRITE);
    if (a == null || a.accountNumber() == null || (!admin && !a.accountNumber().equals(account))) {
      throw new NotFoundException(ResourceKind.ADDRESS, "Address " + publicIp + " is not allocated to you");
    }
    return a;
  }

  /** Checks the form of an IPv4 address or a range a.b.c.d-a.b.c.e and lists what it names. */
  public static List<String> expand(String spec) {
    String[] ends = spec.split("-");
    long from = parse(ends[0]);
    long to = ends.length == 2 ? parse(ends[1]) : from;
    if (ends.length > 2 || to < from || to - from > 65535) {
      throw new IllegalArgumentException("'" + spec + "' is not an address or a range a.b.c.d-a.b.c.e");
    }
    List<String> out = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      out.add(((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255));
    }
    return out;
  }

  private static long parse(String ip) {
    if (!ip.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
      throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
    }
    long v = 0;
    for (String o : ip.split("\\.")) {
      int b = Integer.parseInt(o);
      if (b > 255) {
        throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
      }
      v = (v << 8) | b;
    }
    return v;
  }

  public Optional<Address> find(String publicIp) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(Address.class, publicIp)));
  }
}
