package org.eucalyptus.clc.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ids are 32 random bits, so two can clash: the insert that hits a taken id draws another. Two id
 * sources seeded alike draw the same ids, which makes the clash happen on purpose.
 */
@IntegrationTest
class IdClashTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void anInsertThatHitsATakenIdDrawsAnother(String kind) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    try (Database db = new Database(tdb.settings(), CloudController.ENTITIES)) {
      AccessKeyOwner admin = new IdentityStore(db, Clock.systemUTC()).ensureSystemAdmin();
      String account = admin.accountNumber();

      Image first = new ImageStore(db, Clock.systemUTC(), new IdSource(new Random(42)))
          .register(account, "one", null, "b/one.manifest.xml", "machine", "x86_64", null, null, true);
      Image second = new ImageStore(db, Clock.systemUTC(), new IdSource(new Random(42)))
          .register(account, "two", null, "b/two.manifest.xml", "machine", "x86_64", null, null, true);
      assertThat(second.imageId()).matches("emi-[0-9a-f]{8}").isNotEqualTo(first.imageId());
      ImageStore images = new ImageStore(db, Clock.systemUTC());
      assertThat(images.find(first.imageId())).hasValueSatisfying(i -> assertThat(i.name()).isEqualTo("one"));
      assertThat(images.find(second.imageId())).hasValueSatisfying(i -> assertThat(i.name()).isEqualTo("two"));

      SecurityGroup g1 = new SecurityGroupStore(db, Clock.systemUTC(), new IdSource(new Random(7)))
          .create(account, "web", "web servers");
      SecurityGroupStore again = new SecurityGroupStore(db, Clock.systemUTC(), new IdSource(new Random(7)));
      SecurityGroup g2 = again.create(account, "db", "databases");
      assertThat(g2.groupId()).isNotEqualTo(g1.groupId());
      assertThat(again.findByName(account, "web")).hasValueSatisfying(g -> assertThat(g.groupId()).isEqualTo(g1.groupId()));
      assertThat(again.findByName(account, "db")).hasValueSatisfying(g -> assertThat(g.groupId()).isEqualTo(g2.groupId()));
      // A clash on the name is no id clash: it stays InvalidGroup.Duplicate, however the ids fall.
      assertThatThrownBy(() -> new SecurityGroupStore(db, Clock.systemUTC(), new IdSource(new Random(7)))
          .create(account, "web", "again")).hasMessageContaining("already exists");
    } finally {
      tdb.drop().run();
    }
  }
}
