package org.eucalyptus.clc.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class ConsoleSessionsTest {
  final ConsoleClock clock = new ConsoleClock();
  final ConsoleSessions sessions = new ConsoleSessions(clock, Duration.ofMinutes(30));
  final Caller alice = new Caller("123456789012", "acme", "AIDA1", "alice", "AKIA1", false);

  @Test
  void aSessionLivesWhileItIsUsedAndEndsAfterTheIdleTimeout() {
    ConsoleSessions.Session s = sessions.open(alice);
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id())).containsSame(s); // used: its idle time starts again
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id())).containsSame(s);
    clock.advance(Duration.ofMinutes(30));
    assertThat(sessions.find(s.id())).isEmpty();
    assertThat(sessions.find(s.id())).isEmpty(); // gone for good, not revived
  }

  @Test
  void idsAndTokensAreRandomAndSessionsDoNotShareThem() {
    ConsoleSessions.Session a = sessions.open(alice);
    ConsoleSessions.Session b = sessions.open(alice);
    assertThat(a.id()).hasSize(43).isNotEqualTo(b.id()).isNotEqualTo(a.csrf());
    assertThat(a.csrf()).isNotEqualTo(b.csrf());
    assertThat(sessions.find("not-" + a.id())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
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
    assertThat(a.takeFlash()).isEqualTo("Deleted key pair k.");
    assertThat(a.takeFlash()).isNull();
  }
}
