package org.eucalyptus.clc.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same persistence code, run against the embedded database and against PostgreSQL. */
@IntegrationTest
class PersistenceTest {
  @TempDir Path tmp;

  private Database open(TestDatabases.TestDatabase tdb) {
    return new Database(tdb.settings(), CloudController.ENTITIES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void migratesAndKeepsIdentityAcrossRestarts(String kind) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    try {
      AccessKeyOwner admin;
      try (Database db = open(tdb)) {
        IdentityStore ids = new IdentityStore(db, Clock.systemUTC());
        admin = ids.ensureSystemAdmin();
        assertThat(admin.admin()).isTrue();
        assertThat(admin.accountName()).isEqualTo("eucalyptus");
        assertThat(admin.accountNumber()).matches("\\d{12}");
        assertThat(ids.resolve(admin.accessKeyId())).contains(admin);
        assertThat(ids.resolve("AKINOSUCHKEY")).isEmpty();
        assertThat(new VmTypes(db).all()).extracting(t -> t.name())
            .containsExactly("m1.small", "c1.medium", "m1.large", "m1.xlarge", "c1.xlarge");
      }
      // A second start migrates nothing, validates the schema, and finds the same admin key.
      try (Database db = open(tdb)) {
        IdentityStore ids = new IdentityStore(db, Clock.systemUTC());
        assertThat(ids.ensureSystemAdmin()).isEqualTo(admin);
        AccessKeyOwner other = ids.createAccessKey("eucalyptus", "admin");
        assertThat(other.accessKeyId()).isNotEqualTo(admin.accessKeyId());
        ids.createAccount("tenant1");
        assertThatThrownBy(() -> ids.createAccount("tenant1")).hasMessageContaining("already exists");
        assertThatThrownBy(() -> ids.createAccount("Bad Name"))
            .isInstanceOf(org.eucalyptus.clc.errors.InvalidException.class);
        AccessKeyOwner tenant = ids.createAccessKey("tenant1", "admin");
        assertThat(tenant.admin()).isFalse();
        assertThat(ids.listAccounts()).extracting(a -> a.name()).containsExactly("eucalyptus", "tenant1");
      }
    } finally {
      tdb.drop().run();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void instancesAndImagesRoundTrip(String kind) {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    try (Database db = open(tdb)) {
      IdentityStore ids = new IdentityStore(db, Clock.systemUTC());
      AccessKeyOwner admin = ids.ensureSystemAdmin();
      new ClusterRegistry(db, Clock.systemUTC()).register("cluster01", "127.0.0.1", 8774);
      Image img = new ImageStore(db, Clock.systemUTC()).register(admin.accountNumber(), "tiny", null,
          "file:///tmp/tiny.img", "machine", "x86_64", null, null, true);
      assertThat(img.imageId()).matches("emi-[0-9a-f]{8}");
      Instant now = Instant.now();
      String userData = "x".repeat(21_000);
      db.run(s -> s.persist(new Instance("i-0000abcd", "r-0000abcd", admin.accountNumber(), admin.userId(),
          img.imageId(), null, null, "m1.small", "cluster01", null, userData, 0, "d0:0d:00:00:ab:cd", "tok", List.of(), now)));
      db.run(s -> {
        Instance i = s.find(Instance.class, "i-0000abcd");
        assertThat(i.advance(InstanceState.RUNNING, null, now.plusSeconds(1))).isTrue();
        i.placed("http://node1:8775/axis2/services/EucalyptusNC", "10.1.0.9", null);
      });
      db.run(s -> {
        Instance i = s.find(Instance.class, "i-0000abcd");
        assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(i.privateIp()).isEqualTo("10.1.0.9");
        assertThat(i.userData()).hasSize(21_000);
        assertThat(i.advance(InstanceState.PENDING, null, now)).isFalse();
        assertThat(i.advance(InstanceState.TERMINATED, "gone", now)).isTrue();
        assertThat(i.advance(InstanceState.SHUTTING_DOWN, null, now)).isFalse();
      });
      List<Instance> all = db.inTransaction(s -> s.createQuery("from Instance", Instance.class).list());
      assertThat(all).singleElement().satisfies(i -> {
        assertThat(i.state()).isEqualTo(InstanceState.TERMINATED);
        assertThat(i.stateReason()).isEqualTo("gone");
      });
      assertThat(Duration.between(now, all.get(0).stateChanged()).abs()).isLessThan(Duration.ofSeconds(1));
    } finally {
      tdb.drop().run();
    }
  }
}
