package org.eucalyptus.clc.instances;

import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hibernate.Session;

/**
 * Locks many instance rows in one statement per chunk, in id order (the order every writer of
 * several instances keeps, so that two of them never wait on each other): a launch of a hundred
 * that locked its rows one select at a time spent most of its time recording the cluster's answer.
 */
public final class InstanceLocks {
  /** Ids per statement: well below what either database takes in an IN list. */
  static final int CHUNK = 500;

  private InstanceLocks() {}

  /** The instances of these ids that exist, locked for update, in id order. */
  public static List<Instance> inIdOrder(Session s, Collection<String> ids) {
    List<String> sorted = ids.stream().distinct().sorted().toList();
    List<Instance> out = new ArrayList<>(sorted.size());
    for (int from = 0; from < sorted.size(); from += CHUNK) {
      out.addAll(s.createQuery("from Instance where instanceId in :ids order by instanceId", Instance.class)
          .setParameter("ids", sorted.subList(from, Math.min(sorted.size(), from + CHUNK)))
          .setLockMode(LockModeType.PESSIMISTIC_WRITE).list());
    }
    return out;
  }
}
