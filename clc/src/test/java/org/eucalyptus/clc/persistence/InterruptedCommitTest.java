package org.eucalyptus.clc.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it commits (a server stopping its workers, a timer shut down, seen in CI
 * as a CLC whose every later transaction failed and whose file stayed locked after it stopped): the
 * commit is written, and the database goes on serving, then closes and opens again.
 */
@UnitTest
class InterruptedCommitTest {
  @TempDir Path tmp;

  @Test
  void aCommitOfAnInterruptedThreadIsWrittenAndTheDatabaseStaysUsable() {
    try (Database db = new Database(DatabaseSettings.embedded(tmp), CloudController.ENTITIES)) {
      // The interrupt lands before the commit writes the file: Java closes a channel used by an
      // interrupted thread at its next read or write.
      db.run(s -> {
        insertFrontEnd(s, "http://interrupted");
        Thread.currentThread().interrupt();
      });
      Thread.interrupted();
      db.run(s -> insertFrontEnd(s, "http://after"));
      assertThat(urls(db)).containsExactly("http://after", "http://interrupted");
    } finally {
      Thread.interrupted();
    }
    try (Database again = new Database(DatabaseSettings.embedded(tmp), CloudController.ENTITIES)) {
      assertThat(urls(again)).containsExactly("http://after", "http://interrupted");
    }
  }

  private static void insertFrontEnd(org.hibernate.Session s, String url) {
    s.createNativeMutationQuery("insert into front_ends values (:u, false, current_timestamp, current_timestamp)")
        .setParameter("u", url).executeUpdate();
  }

  private static List<String> urls(Database db) {
    return db.select("select url from front_ends order by url", List.of(), r -> r.getString(1));
  }
}
