package org.eucalyptus.clc.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions in the database: what one front end opens another finds; idle ones end; ids are kept hashed. */
@IntegrationTest
class ConsoleSessionsTest {
  @TempDir Path tmp;
  final ConsoleClock clock = new ConsoleClock();
  final Caller alice = new Caller("123456789012", "acme", "AIDA1", "alice", "AKIA1", false);
  TestDatabases.TestDatabase tdb;
  Database db;
  ConsoleSessions sessions;

  @BeforeEach
  void open() {
    tdb = TestDatabases.create("h2", tmp);
    db = new Database(tdb.settings(), CloudController.ENTITIES);
    sessions = new ConsoleSessions(db, clock, Duration.ofMinutes(30));
  }

  @AfterEach
  void close() {
    db.close();
    tdb.drop().run();
  }

  @Test
  void aSessionLivesWhileItIsUsedAndEndsAfterTheIdleTimeout() {
    ConsoleSessions.Session s = sessions.open(alice);
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id())).hasValueSatisfying(f -> assertThat(f.caller()).isEqualTo(alice));
    clock.advance(Duration.ofMinutes(29)); // used at 29: its idle time started again
    assertThat(sessions.find(s.id())).isPresent();
    clock.advance(Duration.ofMinutes(30));
    assertThat(sessions.find(s.id())).isEmpty();
    assertThat(sessions.find(s.id())).isEmpty(); // gone for good, not revived
  }

  @Test
  void anotherFrontEndOnTheSameDatabaseKnowsTheSession() {
    ConsoleSessions.Session s = sessions.open(alice);
    ConsoleSessions other = new ConsoleSessions(db, clock, Duration.ofMinutes(30));
    ConsoleSessions.Session there = other.find(s.id()).orElseThrow();
    assertThat(there.caller()).isEqualTo(alice);
    assertThat(there.csrf()).isEqualTo(s.csrf());
    s.flash("Created bucket b.", false); // a form posted to one front end, the next page from the other
    assertThat(other.find(s.id()).orElseThrow().takeFlash()).isEqualTo(new ConsoleSessions.Flash("Created bucket b.",
        false));
    assertThat(sessions.find(s.id()).orElseThrow().takeFlash()).isNull();
    other.close(s.id());
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void idsAndTokensAreRandomSessionsDoNotShareThemAndTheTableHoldsNoId() {
    ConsoleSessions.Session a = sessions.open(alice);
    ConsoleSessions.Session b = sessions.open(alice);
    assertThat(a.id()).hasSize(43).isNotEqualTo(b.id()).isNotEqualTo(a.csrf());
    assertThat(a.csrf()).isNotEqualTo(b.csrf());
    assertThat(sessions.find("not-" + a.id())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
    List<String> stored = db.select("select id_hash from console_sessions", List.of(), r -> r.getString(1));
    assertThat(stored).hasSize(2).doesNotContain(a.id(), b.id()).allMatch(h -> h.matches("[0-9a-f]{64}"));
  }

  @Test
  void signingOutEndsOnlyThatSessionAndIdleOnesAreSweptAtTheNextSignIn() {
    ConsoleSessions.Session a = sessions.open(alice);
    ConsoleSessions.Session b = sessions.open(alice);
    sessions.close(a.id());
    assertThat(sessions.find(a.id())).isEmpty();
    assertThat(sessions.find(b.id())).isPresent();
    clock.advance(Duration.ofHours(1));
    sessions.open(alice);
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void aFlashMessageIsShownOnce() {
    ConsoleSessions.Session a = sessions.open(alice);
    a.flash("Deleted key pair k.");
    ConsoleSessions.Session next = sessions.find(a.id()).orElseThrow(); // the page the form's answer sends to
    assertThat(next.takeFlash()).isEqualTo(new ConsoleSessions.Flash("Deleted key pair k.", false));
    assertThat(next.takeFlash()).isNull();
    assertThat(sessions.find(a.id()).orElseThrow().takeFlash()).isNull();
    a.flash("InvalidKeyPair.NotFound: no such key", true);
    assertThat(sessions.find(a.id()).orElseThrow().takeFlash().error()).isTrue();
  }
}
