package org.eucalyptus.clc.ha;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.persistence.DatabaseSettings;

/**
 * Which front end of the cloud leads: the one whose own PostgreSQL session holds the cloud's
 * advisory lock. Each front end keeps one connection for this alone (not the pool's: a pooled
 * connection goes back and forth, and the lock is the session's). A front end that is not leading
 * asks for the lock every {@code period}; the leader checks every {@code period} that its session
 * is still there, and takes itself for a follower as soon as it is not (the server restarted, the
 * connection broke or stopped answering within the period). When a leader dies, even by
 * {@code kill -9}, its socket closes, PostgreSQL ends its session and releases the lock, and the
 * next look of a follower takes it: a hand-over within a period or two. A session whose peer
 * vanished without closing (another host gone) is ended by the keepalives set on it.
 *
 * <p>On the embedded H2 database there is one front end only: it leads from its start.
 */
public final class Leadership implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Leadership.class);
  /** The advisory lock's two keys: Eucalyptus's, and "the cloud controller's leader". */
  static final int LOCK_CLASS = 0x45554341; // "EUCA"
  static final int LOCK_ID = 1;

  /** Told when this front end takes over the singleton work, and when it must give it up. */
  public interface Listener {
    void becameLeader();

    void lostLeadership();
  }

  private final DatabaseSettings db;
  private final Duration period;
  private final boolean alone;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean leading;
  private volatile boolean running = true;
  private Connection session;
  private Thread watcher;

  private Leadership(DatabaseSettings db, Duration period, boolean alone) {
    this.db = db;
    this.period = period;
    this.alone = alone;
  }

  /** The election the database allows: through PostgreSQL's advisory lock, or none (H2: alone, leading). */
  public static Leadership forDatabase(DatabaseSettings db, Duration period) {
    return new Leadership(db, period, !db.jdbcUrl().startsWith("jdbc:postgresql:"));
  }

  public Leadership listen(Listener listener) {
    listeners.add(listener);
    return this;
  }

  /** Whether this front end leads now. */
  public boolean isLeader() {
    return leading;
  }

  /** Whether there is anyone to share the work with (PostgreSQL), or this front end is alone (H2). */
  public boolean elected() {
    return !alone;
  }

  /** Takes the lead at once when alone; else starts looking for it, every period, off this thread. */
  public synchronized Leadership start() {
    if (alone) {
      becomeLeader();
      return this;
    }
    lookOnce(); // a front end started alone leads before it serves
    watcher = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(period.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        lookOnce();
      }
    }, "clc-leadership");
    watcher.setDaemon(true);
    watcher.start();
    return this;
  }

  /** One look: the leader checks its session, a follower asks for the lock. */
  synchronized void lookOnce() {
    if (!running) {
      return;
    }
    try {
      if (session == null) {
        session = connect();
      }
      if (leading) {
        stillHolding();
      } else if (tryLock()) {
        becomeLeader();
      }
    } catch (SQLException e) {
      if (leading) {
        LOG.warn("lost the connection that holds the leadership: {}", e.getMessage());
      } else {
        LOG.debug("cannot ask for the leadership now: {}", e.getMessage());
      }
      dropSession();
      if (leading) {
        loseLeadership();
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", db.user());
    p.setProperty("password", db.password());
    int seconds = (int) Math.max(1, period.toSeconds() * 2);
    p.setProperty("connectTimeout", String.valueOf(seconds));
    p.setProperty("socketTimeout", String.valueOf(seconds)); // a check that hangs is a lost session
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "eucalyptus-clc leadership");
    Connection c = DriverManager.getConnection(db.jdbcUrl(), p);
    try (Statement st = c.createStatement()) {
      // The server ends a session whose peer vanished without closing (a host gone) within seconds.
      st.execute("set tcp_keepalives_idle = 2");
      st.execute("set tcp_keepalives_interval = 1");
      st.execute("set tcp_keepalives_count = 3");
    }
    return c;
  }

  private boolean tryLock() throws SQLException {
    try (Statement st = session.createStatement();
        ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + LOCK_CLASS + ", " + LOCK_ID + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Throws unless this session still holds the lock (asked of the server, so a dead connection shows). */
  private void stillHolding() throws SQLException {
    try (Statement st = session.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from pg_locks where locktype = 'advisory'"
            + " and pid = pg_backend_pid() and granted and classid = " + LOCK_CLASS + " and objid = " + LOCK_ID)) {
      rs.next();
      if (rs.getInt(1) == 0) {
        throw new SQLException("the session no longer holds the leader's lock");
      }
    }
  }

  private void becomeLeader() {
    leading = true;
    LOG.info("this front end leads the cloud");
    for (Listener l : listeners) {
      try {
        l.becameLeader();
      } catch (RuntimeException e) {
        LOG.error("starting the leader's work failed: {}", e.toString(), e);
      }
    }
  }

  private void loseLeadership() {
    leading = false;
    LOG.warn("this front end no longer leads the cloud: its singleton work stops");
    for (Listener l : listeners) {
      try {
        l.lostLeadership();
      } catch (RuntimeException e) {
        LOG.error("stopping the leader's work failed: {}", e.toString(), e);
      }
    }
  }

  private void dropSession() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException ignored) {
        // it is broken already
      }
      session = null;
    }
  }

  /**
   * Breaks this front end's session as a failure would (the socket closed under it), without
   * telling the listeners: a test's stand-in for a crash.
   */
  synchronized void abortSession() throws SQLException {
    if (session != null) {
      session.abort(Runnable::run);
    }
  }

  /** Gives the lead up (closing the session releases the lock at once) and stops looking. */
  @Override
  public void close() {
    running = false;
    if (watcher != null) {
      watcher.interrupt();
    }
    synchronized (this) {
      dropSession();
      if (leading) {
        loseLeadership();
      }
    }
  }
}
