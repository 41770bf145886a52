package org.eucalyptus.clc.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.LoginProfiles;
import org.eucalyptus.clc.identity.PasswordHashes;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrator's first console password is made once: written for its owner only, and never made
 * again, by a later start or a second front end, whether its file is there or the admin has since
 * changed the password (and deleted the file).
 */
@IntegrationTest
class ConsoleAdminPasswordTest {
  @TempDir Path tmp;

  @Test
  void theFirstPasswordIsMadeOnceAndNeverResets() throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create("h2", tmp);
    try (Database db = new Database(tdb.settings(), CloudController.ENTITIES)) {
      IdentityStore ids = new IdentityStore(db, Clock.systemUTC());
      String account = ids.ensureSystemAdmin().accountNumber();
      LoginProfiles logins = new LoginProfiles(ids, new PasswordHashes(ConsoleAdminPassword.FIRST_PASSWORD_ITERATIONS));
      Path data = Files.createDirectories(tmp.resolve("data"));

      Path file = ConsoleAdminPassword.ensure(ids, account, data);
      assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE);
      String first = Files.readString(file).strip();
      assertThat(first).hasSize(20);
      assertThat(logins.verify(account, "admin", first)).isTrue();

      // A later start (or another front end on another host, with a data directory of its own): nothing new.
      assertThat(ConsoleAdminPassword.ensure(ids, account, data)).isEqualTo(file);
      assertThat(Files.readString(file).strip()).isEqualTo(first);
      Path elsewhere = Files.createDirectories(tmp.resolve("second-front-end"));
      ConsoleAdminPassword.ensure(ids, account, elsewhere);
      assertThat(elsewhere.resolve(ConsoleAdminPassword.FILE)).doesNotExist();
      assertThat(logins.verify(account, "admin", first)).isTrue();

      // The admin changed it and deleted the file: the next start leaves their password alone.
      logins.update(account, "admin", "a-password-of-my-own-1");
      Files.delete(file);
      ConsoleAdminPassword.ensure(ids, account, data);
      assertThat(file).doesNotExist();
      assertThat(logins.verify(account, "admin", "a-password-of-my-own-1")).isTrue();
      assertThat(logins.verify(account, "admin", first)).isFalse();
    } finally {
      tdb.drop().run();
    }
  }
}
