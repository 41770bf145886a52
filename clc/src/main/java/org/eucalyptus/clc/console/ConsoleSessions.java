package org.eucalyptus.clc.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eucalyptus.common.auth.Caller;

/**
 * The console's signed-in sessions, in this front end's memory: each known by a random 256-bit id
 * (the cookie's value) and carrying its own CSRF token. A session unused for the idle timeout is
 * gone: the next request with its id finds nothing and is sent to sign in again.
 */
public final class ConsoleSessions {
  /** One signed-in person. Its caller and token never change; only when it was last used does. */
  public static final class Session {
    private final String id;
    private final Caller caller;
    private final String csrf;
    private volatile Instant lastUsed;
    private volatile String flash;
    private volatile boolean flashIsError;

    private Session(String id, Caller caller, String csrf, Instant lastUsed) {
      this.id = id;
      this.caller = caller;
      this.csrf = csrf;
      this.lastUsed = lastUsed;
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
      flashIsError = error;
      flash = message;
    }

    /** Whether the message waiting is a refusal. */
    boolean flashIsError() {
      return flashIsError;
    }

    String takeFlash() {
      String f = flash;
      flash = null;
      return f;
    }
  }

  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idleTimeout;
  private final SecureRandom random = new SecureRandom();

  public ConsoleSessions(Clock clock, Duration idleTimeout) {
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /** A new session for {@code caller}, who has just proved who they are. */
  public Session open(Caller caller) {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> expired(s, now)); // signing in is rare: a sweep then keeps the map small
    Session s = new Session(token(), caller, token(), now);
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session with this id, now marked used; empty for an unknown, ended or idle one. */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(s, now)) {
      sessions.remove(id, s);
      return Optional.empty();
    }
    s.lastUsed = now;
    return Optional.of(s);
  }

  /** Signs the session out. */
  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** How many sessions are held (ended ones included until the next sweep). */
  int size() {
    return sessions.size();
  }

  /** A fresh random token, URL- and cookie-safe. */
  String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private boolean expired(Session s, Instant now) {
    return !s.lastUsed.plus(idleTimeout).isAfter(now);
  }
}
