package org.eucalyptus.sc.iscsi;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.exec.CommandRunner.CommandException;
import org.eucalyptus.sc.store.Export;
import org.eucalyptus.sc.volumes.PointInTime;

/**
 * Volumes' exports in tgt: one target per exported volume ({@link #iqn}, LUN 1 its bytes), one CHAP
 * account per export bound to it, the node addresses allowed to reach it, and our iSCSI login
 * parameters ({@link TargetParams}) set on it before anyone may log in. What tgt holds is made
 * to match the exports table: by {@link #apply} for one export, by {@link #remove} for one ended, and
 * as a whole by {@link #reconcile} at start. Only targets under our IQN prefix and accounts with our
 * prefix are ours, so a host's tgt service may serve others too.
 */
public final class Exports {
  private static final Logger LOG = LogManager.getLogger(Exports.class);
  static final String IQN_PREFIX = "iqn.2010-05.org.eucalyptus:";
  static final String USER_PREFIX = "euca-";
  private static final String ALL = "ALL";
  private static final char[] PASSWORD_CHARS =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

  private final TgtAdmin tgt;
  private final TgtQuiesce quiesce;
  private final String host;
  private final SecureRandom random = new SecureRandom();

  /** @param host this storage controller's name in its targets' IQNs */
  public Exports(TgtAdmin tgt, TgtQuiesce quiesce, String host) {
    this.tgt = tgt;
    this.quiesce = quiesce;
    this.host = host.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
  }

  /** The target's name for a volume. */
  public String iqn(String volumeId) {
    return IQN_PREFIX + host + ":" + volumeId;
  }

  /** A new CHAP login for one export: a user name of ours and a random password. */
  public Export newLogin(String volumeId, String instanceId, Optional<String> initiator) {
    byte[] b = new byte[6];
    random.nextBytes(b);
    StringBuilder pw = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      pw.append(PASSWORD_CHARS[random.nextInt(PASSWORD_CHARS.length)]);
    }
    return new Export(volumeId, instanceId, USER_PREFIX + HexFormat.of().formatHex(b), pw.toString(), initiator);
  }

  /** Makes tgt serve {@code e}: the volume's target (LUN 1 {@code backing}), its login, its address. */
  public synchronized void apply(Export e, Path backing) throws IOException {
    try {
      List<TgtTarget> targets = tgt.targets();
      TgtTarget t = find(targets, iqn(e.volumeId())).orElse(null);
      int tid;
      if (t == null) {
        tid = targets.stream().mapToInt(TgtTarget::tid).max().orElse(0) + 1;
        tgt.newTarget(tid, iqn(e.volumeId()), backing.toString());
        try {
          TargetParams.set(tgt, tid); // before any initiator may log in: they are negotiated at login
        } catch (CommandException ex) {
          tgt.deleteTarget(tid);
          throw ex;
        }
      } else {
        tid = t.tid();
      }
      if (!tgt.accounts().contains(e.chapUser())) {
        tgt.newAccount(e.chapUser(), e.chapPassword());
      }
      if (t == null || !t.accounts().contains(e.chapUser())) {
        tgt.bindAccount(tid, e.chapUser());
      }
      String address = e.initiator().orElse(ALL);
      if (t == null || !t.initiators().contains(address)) {
        tgt.bindInitiator(tid, address);
      }
    } catch (CommandException ex) {
      throw new IOException("tgt refused the export of " + e.volumeId() + ": " + ex.getMessage(), ex);
    }
  }

  /** Ends export {@code e}; {@code remaining} are the volume's other exports (none: the target goes). */
  public synchronized void remove(Export e, List<Export> remaining) throws IOException {
    try {
      Optional<TgtTarget> t = find(tgt.targets(), iqn(e.volumeId()));
      if (t.isPresent()) {
        if (remaining.isEmpty()) {
          tgt.deleteTarget(t.get().tid());
        } else {
          if (t.get().accounts().contains(e.chapUser())) {
            tgt.unbindAccount(t.get().tid(), e.chapUser());
          }
          String address = e.initiator().orElse(ALL);
          boolean stillNeeded = remaining.stream().anyMatch(r -> r.initiator().orElse(ALL).equals(address));
          if (!stillNeeded && t.get().initiators().contains(address)) {
            tgt.unbindInitiator(t.get().tid(), address);
          }
        }
      }
      if (tgt.accounts().contains(e.chapUser())) {
        tgt.deleteAccount(e.chapUser());
      }
    } catch (CommandException ex) {
      throw new IOException("tgt refused to end the export of " + e.volumeId() + ": " + ex.getMessage(), ex);
    }
  }

  /**
   * Makes tgt hold exactly {@code exports}: our targets and accounts nobody should have are removed
   * (with their logins, so a former attachment can no longer reach the volume), and every export is
   * made again with its recorded login. An export whose volume has no bytes is logged and left out.
   */
  public synchronized void reconcile(List<Export> exports, Function<String, Optional<Path>> backing)
      throws IOException {
    Map<String, List<Export>> byIqn = new HashMap<>();
    Set<String> users = new HashSet<>();
    for (Export e : exports) {
      byIqn.computeIfAbsent(iqn(e.volumeId()), k -> new java.util.ArrayList<>()).add(e);
      users.add(e.chapUser());
    }
    try {
      for (TgtTarget t : tgt.targets()) {
        if (!t.iqn().startsWith(IQN_PREFIX + host + ":")) {
          continue;
        }
        List<Export> wanted = byIqn.get(t.iqn());
        if (wanted == null) {
          LOG.info("removing target {} (tid {}): no export needs it", t.iqn(), t.tid());
          tgt.deleteTarget(t.tid());
          continue;
        }
        TargetParams.set(tgt, t.tid()); // one made with tgt's defaults gets ours from its next login on
        Set<String> wantedUsers = new HashSet<>();
        Set<String> wantedAddresses = new HashSet<>();
        wanted.forEach(e -> {
          wantedUsers.add(e.chapUser());
          wantedAddresses.add(e.initiator().orElse(ALL));
        });
        for (String u : t.accounts()) {
          if (!wantedUsers.contains(u)) {
            tgt.unbindAccount(t.tid(), u);
          }
        }
        for (String a : t.initiators()) {
          if (!wantedAddresses.contains(a)) {
            tgt.unbindInitiator(t.tid(), a);
          }
        }
      }
      for (String u : tgt.accounts()) {
        if (u.startsWith(USER_PREFIX) && !users.contains(u)) {
          LOG.info("removing CHAP account {}: no export has it", u);
          tgt.deleteAccount(u);
        }
      }
    } catch (CommandException ex) {
      throw new IOException("tgt could not be read or set right: " + ex.getMessage(), ex);
    }
    for (Export e : exports) {
      Optional<Path> p = backing.apply(e.volumeId());
      if (p.isEmpty()) {
        LOG.warn("export {} not made again: its volume has no bytes", e);
        continue;
      }
      apply(e, p.get());
    }
  }

  /** Holds the writes of a volume's target while a copy is taken; nothing to hold if it is not exported. */
  public PointInTime.Quiesce quiesce(String volumeId) {
    return () -> {
      Optional<TgtTarget> t;
      synchronized (this) {
        try {
          t = find(tgt.targets(), iqn(volumeId));
        } catch (CommandException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
      if (t.isEmpty()) {
        return () -> { };
      }
      return quiesce.hold(t.get().tid());
    };
  }

  private static Optional<TgtTarget> find(List<TgtTarget> targets, String iqn) {
    return targets.stream().filter(t -> t.iqn().equals(iqn)).findFirst();
  }
}
