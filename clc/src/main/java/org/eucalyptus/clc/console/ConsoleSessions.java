package org.eucalyptus.clc.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.auth.Caller;

/**
 * The console's signed-in sessions, in the cloud's database ({@code console_sessions}), so every front
 * end knows every session: each known by a random 256-bit id (the cookie's value; the row holds only
 * its SHA-256) and carrying its own CSRF token. A session unused for the idle timeout is gone: the
 * next request with its id finds nothing and is sent to sign in again.
 */
public final class ConsoleSessions {
  /** One signed-in person. Its caller and token never change; its message for the next page does. */
  public static final class Session {
    private final ConsoleSessions sessions;
    private final String id;
    private final String idHash;
    private final Caller caller;
    private final String csrf;
    /** The message that was waiting when the session was found (read with it: no query when there is none). */
    private Flash waiting;

    private Session(ConsoleSessions sessions, String id, Caller caller, String csrf, Flash waiting) {
      this.sessions = sessions;
      this.id = id;
      this.idHash = hash(id);
      this.caller = caller;
      this.csrf = csrf;
      this.waiting = waiting;
    }

    public String id() {
      return id;
    }

    public Caller caller() {
      return caller;
    }

    /** The token every form of this session carries back. */
    public String csrf() {
      return csrf;
    }

    /** A message for the next page shown (what the last form did), taken once. */
    void flash(String message) {
      flash(message, false);
    }

    /** As {@link #flash(String)}; {@code error}: the form was refused. */
    void flash(String message, boolean error) {
      String kept = message.length() > 4000 ? message.substring(0, 3997) + "..." : message;
      sessions.db.run(s -> s.doWork(c -> {
        try (PreparedStatement st = c.prepareStatement("update console_sessions set flash = ?, flash_error = ?"
            + " where id_hash = ?")) {
          st.setString(1, kept);
          st.setBoolean(2, error);
          st.setString(3, idHash);
          st.executeUpdate();
        }
      }));
    }

    /**
     * The message that was waiting when this request found the session, if any, and whether it is a
     * refusal; taken (cleared) as it is read, unless another has been left since.
     */
    Flash takeFlash() {
      Flash f = waiting;
      waiting = null;
      if (f == null) {
        return null;
      }
      sessions.db.run(s -> s.doWork(c -> {
        try (PreparedStatement st = c.prepareStatement("update console_sessions set flash = null,"
            + " flash_error = false where id_hash = ? and flash = ?")) {
          st.setString(1, idHash);
          st.setString(2, f.message());
          st.executeUpdate();
        }
      }));
      return f;
    }
  }

  /** A message for the next page: what a form did, or why it was refused. */
  record Flash(String message, boolean error) {}

  private final Database db;
  private final Clock clock;
  private final Duration idleTimeout;
  private final SecureRandom random = new SecureRandom();

  public ConsoleSessions(Database db, Clock clock, Duration idleTimeout) {
    this.db = db;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /** A new session for {@code caller}, who has just proved who they are. */
  public Session open(Caller caller) {
    Instant now = clock.instant();
    Session session = new Session(this, token(), caller, token(), null);
    db.run(s -> s.doWork(c -> {
      // Signing in is rare: the sessions idle too long are swept then.
      try (PreparedStatement st = c.prepareStatement("delete from console_sessions where last_used <= ?")) {
        st.setObject(1, now.minus(idleTimeout).atOffset(ZoneOffset.UTC));
        st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement("insert into console_sessions (id_hash, account_number,"
          + " account_name, user_id, user_name, access_key_id, admin, csrf, created, last_used)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        st.setString(1, session.idHash);
        st.setString(2, caller.accountNumber());
        st.setString(3, caller.accountName());
        st.setString(4, caller.userId());
        st.setString(5, caller.userName());
        st.setString(6, caller.accessKeyId());
        st.setBoolean(7, caller.admin());
        st.setString(8, session.csrf);
        st.setObject(9, now.atOffset(ZoneOffset.UTC));
        st.setObject(10, now.atOffset(ZoneOffset.UTC));
        st.executeUpdate();
      }
    }));
    return session;
  }

  /** The live session with this id, now marked used; empty for an unknown, ended or idle one. */
  public Optional<Session> find(String id) {
    if (id == null || id.length() > 100) {
      return Optional.empty();
    }
    String idHash = hash(id);
    Instant now = clock.instant();
    List<Session> found = db.select("select account_number, account_name, user_id, user_name, access_key_id, admin,"
        + " csrf, flash, flash_error from console_sessions where id_hash = ? and last_used > ?",
        List.of(idHash, now.minus(idleTimeout)),
        r -> new Session(this, id, new Caller(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), r.getBoolean(6)), r.getString(7), r.getString(8) == null ? null
            : new Flash(r.getString(8), r.getBoolean(9))));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    db.run(s -> s.doWork(c -> {
      try (PreparedStatement st = c.prepareStatement("update console_sessions set last_used = ? where id_hash = ?"
          + " and last_used < ?")) {
        st.setObject(1, now.atOffset(ZoneOffset.UTC));
        st.setString(2, idHash);
        st.setObject(3, now.atOffset(ZoneOffset.UTC));
        st.executeUpdate();
      }
    }));
    return Optional.of(found.get(0));
  }

  /** Signs the session out. */
  public void close(String id) {
    if (id == null) {
      return;
    }
    db.run(s -> s.doWork(c -> {
      try (PreparedStatement st = c.prepareStatement("delete from console_sessions where id_hash = ?")) {
        st.setString(1, hash(id));
        st.executeUpdate();
      }
    }));
  }

  /** How many sessions are held (idle ones included until the next sweep). */
  int size() {
    return db.select("select count(*) from console_sessions", List.of(), r -> r.getInt(1)).get(0);
  }

  /** A fresh random token, URL- and cookie-safe. */
  String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String hash(String id) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
