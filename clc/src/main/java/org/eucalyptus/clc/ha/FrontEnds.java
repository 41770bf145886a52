package org.eucalyptus.clc.ha;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.persistence.Database;

/**
 * The cloud controller's front ends as the database knows them (table {@code front_ends}): this one
 * writes, every {@code period} and whenever its leadership changes, that it is alive and whether it
 * leads; DescribeServices reads them all. Times are the database's, so hosts need not agree on the
 * time. A front end that stops cleanly takes its row away; one that died stays, shown as not heard from.
 */
public final class FrontEnds implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(FrontEnds.class);

  /** One front end: its EC2 URL, whether it says it leads, and whether it was heard from lately. */
  public record FrontEnd(String url, boolean leading, boolean heardFrom) {}

  private final Database db;
  private final Supplier<String> url;
  private final BooleanSupplier leading;
  private final Duration period;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "clc-front-end-heartbeat");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param url this front end's EC2 URL (empty until it serves: nothing is written before)
   * @param leading whether it leads now
   */
  public FrontEnds(Database db, Supplier<String> url, BooleanSupplier leading, Duration period) {
    this.db = db;
    this.url = url;
    this.leading = leading;
    this.period = period;
  }

  public FrontEnds start() {
    timer.scheduleWithFixedDelay(this::beatQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Says now that this front end is alive, and whether it leads (off the caller's thread). */
  public void changed() {
    timer.execute(this::beatQuietly);
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (RuntimeException e) {
      LOG.warn("could not write this front end's heartbeat: {}", e.getMessage());
    }
  }

  void beat() {
    String me = url.get();
    if (me == null || me.isEmpty()) {
      return;
    }
    boolean leads = leading.getAsBoolean();
    db.run(s -> {
      int updated = s.createNativeMutationQuery("update front_ends set leader = :l, heartbeat = current_timestamp"
          + " where url = :u").setParameter("l", leads).setParameter("u", me).executeUpdate();
      if (updated == 0) {
        s.createNativeMutationQuery("insert into front_ends (url, leader, started, heartbeat)"
            + " values (:u, :l, current_timestamp, current_timestamp)").setParameter("u", me)
            .setParameter("l", leads).executeUpdate();
      }
    });
  }

  /** This front end as it is now (what its next heartbeat will say). */
  public FrontEnd self() {
    return new FrontEnd(url.get(), leading.getAsBoolean(), true);
  }

  /** Every front end, the longest-running first; heard from: a heartbeat within three periods. */
  public List<FrontEnd> list() {
    long within = Math.max(1, period.multipliedBy(3).toSeconds());
    List<Object[]> rows = db.inTransaction(s -> s.createNativeQuery("select url, leader,"
        + " case when heartbeat > current_timestamp - interval '" + within + "' second then 1 else 0 end"
        + " from front_ends order by started, url", Object[].class).list());
    return rows.stream().map(r -> new FrontEnd((String) r[0], Boolean.TRUE.equals(r[1]),
        ((Number) r[2]).intValue() == 1)).toList();
  }

  /** Stops the heartbeat and takes this front end's row away (it stopped cleanly). */
  @Override
  public void close() {
    timer.shutdownNow();
    String me = url.get();
    if (me == null || me.isEmpty()) {
      return;
    }
    try {
      db.run(s -> s.createNativeMutationQuery("delete from front_ends where url = :u").setParameter("u", me)
          .executeUpdate());
    } catch (RuntimeException e) {
      LOG.warn("could not remove this front end's row: {}", e.getMessage());
    }
  }
}
