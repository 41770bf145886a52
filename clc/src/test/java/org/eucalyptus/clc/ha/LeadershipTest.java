package org.eucalyptus.clc.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The election on a real PostgreSQL: one leader at a time, and a hand-over when the leader's session dies. */
@IntegrationTest
class LeadershipTest {
  private static final Duration PERIOD = Duration.ofMillis(200);

  /** What a front end's listener heard, in order. */
  static final class Events implements Leadership.Listener {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void becameLeader() {
      heard.add("leader");
    }

    @Override
    public void lostLeadership() {
      heard.add("lost");
    }
  }

  @Test
  void theOtherTakesOverWithinSecondsWhenTheLeadersSessionDiesAndTheOldLeaderStops() throws Exception {
    try (TestPostgres pg = TestPostgres.create("leader_election")) {
      DatabaseSettings db = new DatabaseSettings(pg.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD, 2);
      Events aHeard = new Events();
      Events bHeard = new Events();
      Leadership a = Leadership.forDatabase(db, PERIOD).listen(aHeard).start();
      Leadership b = Leadership.forDatabase(db, PERIOD).listen(bHeard).start();
      try {
        assertThat(a.elected()).isTrue();
        assertThat(a.isLeader()).isTrue(); // first to ask, before it serves
        Thread.sleep(PERIOD.toMillis() * 3);
        assertThat(b.isLeader()).as("only one leads").isFalse();
        assertThat(bHeard.heard).isEmpty();

        // The leader's connection breaks as a crash breaks it: the server ends its session.
        long t0 = System.nanoTime();
        a.abortSession();
        Await.until("the follower leads", Duration.ofSeconds(5), b::isLeader);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        Await.until("the old leader knows it no longer leads", Duration.ofSeconds(5), () -> !a.isLeader());
        assertThat(tookMs).as("hand-over time").isLessThan(2_000);
        // isLeader() turns false before the listeners hear it (the lead is given up first): wait for them.
        Await.until("the old leader's listener hears it lost", Duration.ofSeconds(5), () -> aHeard.heard.size() >= 2);
        assertThat(aHeard.heard).containsExactly("leader", "lost");
        Await.until("the new leader's listener hears it", Duration.ofSeconds(5), () -> !bHeard.heard.isEmpty());
        assertThat(bHeard.heard).containsExactly("leader");
        // It comes back as a follower: the lock stays with the new leader.
        Thread.sleep(PERIOD.toMillis() * 3);
        assertThat(a.isLeader()).isFalse();

        // A leader that stops cleanly hands over too.
        b.close();
        assertThat(bHeard.heard).containsExactly("leader", "lost");
        Await.until("the first leads again", Duration.ofSeconds(5), a::isLeader);
        Await.until("its listener hears it", Duration.ofSeconds(5), () -> aHeard.heard.size() >= 3);
        assertThat(aHeard.heard).containsExactly("leader", "lost", "leader");
      } finally {
        a.close();
        b.close();
      }
    }
  }

  @Test
  void aloneOnTheEmbeddedDatabaseItLeadsAtOnce(@TempDir Path tmp) {
    Events heard = new Events();
    try (Leadership alone = Leadership.forDatabase(DatabaseSettings.embedded(tmp), PERIOD).listen(heard).start()) {
      assertThat(alone.elected()).isFalse();
      assertThat(alone.isLeader()).isTrue();
      assertThat(heard.heard).containsExactly("leader");
    }
    assertThat(heard.heard).containsExactly("leader", "lost");
  }
}
