package org.eucalyptus.clc.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.storage.VolumeLookup.VolumeFacts;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.common.policy.Limits;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The snapshot store on the migrated schema, on H2 and PostgreSQL: what CreateVolume may restore
 * (own, shared with the account or all; completed only), the SC's reports moving pending snapshots
 * on, removal taking permissions and tags along, and ec2:quota-snapshotnumber held under parallel
 * creates of one account.
 */
@IntegrationTest
class SnapshotStoreTest {
  @TempDir Path tmp;

  static final VolumeFacts VOLUME = new VolumeFacts("vol-0000000a", "zone1", 3);

  static QuotaClaim claim(String account, String user, Long userLimit, Long accountLimit) {
    return new QuotaClaim(Quotas.SNAPSHOT_NUMBER, new Limits(
        userLimit == null ? OptionalLong.empty() : OptionalLong.of(userLimit),
        accountLimit == null ? OptionalLong.empty() : OptionalLong.of(accountLimit)), account, user);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void restorableOnlyByItsOwnerOrWhomItIsSharedWithOnceCompleted(String kind) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    try (Database db = new Database(tdb.settings(), CloudController.ENTITIES)) {
      IdentityStore identity = new IdentityStore(db, Clock.systemUTC());
      String owner = identity.createAccount("snap-owner").accountNumber();
      String other = identity.createAccount("snap-other").accountNumber();
      SnapshotStore store = new SnapshotStore(db, Clock.systemUTC(), new IdSource());
      Snapshot snap = store.create(claim(owner, "AIDOWNER", null, null), VOLUME, "nightly");
      assertThat(snap.snapshotId()).matches("snap-[0-9a-f]{8}");
      assertThat(snap.state()).isEqualTo("pending");
      assertThat(snap.progress()).isEqualTo("0%");
      String id = snap.snapshotId();

      assertThatThrownBy(() -> store.restorableSize(owner, id)).isInstanceOfSatisfying(ConflictException.class,
          e -> assertThat(e.resource()).isEqualTo(ResourceKind.SNAPSHOT));
      assertThat(store.apply("zone1", List.of(new SnapshotStore.Report(id, "pending", "40%", null)))).isEqualTo(1);
      assertThat(store.find(id).orElseThrow().progress()).isEqualTo("40%");
      // Another zone's SC has no say over it.
      assertThat(store.apply("zone2", List.of(new SnapshotStore.Report(id, "completed", "100%", null)))).isZero();
      store.apply("zone1", List.of(new SnapshotStore.Report(id, "completed", null, null)));
      assertThat(store.find(id).orElseThrow().state()).isEqualTo("completed");
      assertThat(store.find(id).orElseThrow().progress()).isEqualTo("100%");
      // Finished is finished: a late report does not move it back.
      assertThat(store.apply("zone1", List.of(new SnapshotStore.Report(id, "failed", "10%", "late")))).isZero();

      assertThat(store.restorableSize(owner, id)).isEqualTo(3);
      assertThatThrownBy(() -> store.restorableSize(other, id)).isInstanceOf(NotFoundException.class);
      store.changePermission(id, List.of(other), List.of());
      assertThat(store.restorableSize(other, id)).isEqualTo(3);
      store.changePermission(id, List.of(), List.of(other));
      assertThatThrownBy(() -> store.restorableSize(other, id)).isInstanceOf(NotFoundException.class);
      store.changePermission(id, List.of("all", "all"), List.of());
      assertThat(store.restorableSize(other, id)).isEqualTo(3);
      assertThat(store.sharedWith(List.of(id))).isEqualTo(Map.of(id, java.util.Set.of("all")));
      store.resetPermission(id);
      assertThatThrownBy(() -> store.restorableSize(other, id)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> store.restorableSize(owner, "snap-0badf00d")).isInstanceOf(NotFoundException.class);

      // A failed copy is an error with the SC's reason.
      Snapshot failed = store.create(claim(owner, "AIDOWNER", null, null), VOLUME, null);
      store.apply("zone1", List.of(new SnapshotStore.Report(failed.snapshotId(), "failed", "20%", "Walrus refused")));
      Snapshot f = store.find(failed.snapshotId()).orElseThrow();
      assertThat(f.state()).isEqualTo("error");
      assertThat(f.stateReason()).isEqualTo("Walrus refused");

      // Removal takes whom it was shared with and its tags along.
      store.changePermission(id, List.of(other), List.of());
      TagStore tags = new TagStore(db);
      tags.create(List.of(tags.resource(id).orElseThrow()), Map.of("k", "v"));
      store.remove(id);
      assertThat(store.find(id)).isEmpty();
      assertThat(tags.of(List.of(id))).isEmpty();
      long permissions = db.inTransaction(s -> s.createQuery("select count(*) from CreateVolumePermission", Long.class)
          .uniqueResult());
      assertThat(permissions).isZero();
    } finally {
      tdb.drop().run();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void parallelCreatesNeverPassTheSnapshotQuota(String kind) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Database db = new Database(tdb.settings(), CloudController.ENTITIES)) {
      String account = new IdentityStore(db, Clock.systemUTC()).createAccount("snap-quota").accountNumber();
      SnapshotStore store = new SnapshotStore(db, Clock.systemUTC(), new IdSource());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String user = i % 2 == 0 ? "AIDUSERA" : "AIDUSERB";
        answers.add(pool.submit((Callable<String>) () -> {
          go.await();
          try {
            return store.create(claim(account, user, null, 3L), VOLUME, null).snapshotId();
          } catch (LimitExceededException e) {
            assertThat(e.resource()).isEqualTo(ResourceKind.SNAPSHOT);
            return "refused: " + e.getMessage();
          }
        }));
      }
      go.countDown();
      List<String> got = new ArrayList<>();
      for (Future<String> a : answers) {
        got.add(a.get());
      }
      assertThat(got).filteredOn(s -> s.startsWith("snap-")).hasSize(3);
      assertThat(got).filteredOn(s -> s.startsWith("refused: ")).hasSize(5).allSatisfy(s -> assertThat(s)
          .contains("your quota of 3 snapshots (ec2:quota-snapshotnumber), set for your account: it has 3"));
      assertThat(store.all()).hasSize(3);

      // A user's own limit counts that user's snapshots only. (Which user's creates got through is the
      // race's: all three may be one user's.)
      Snapshot mine = store.all().get(0);
      String who = mine.userId();
      long has = store.all().stream().filter(s -> s.userId().equals(who)).count();
      assertThatThrownBy(() -> store.create(claim(account, who, has, null), VOLUME, null))
          .isInstanceOf(LimitExceededException.class).hasMessageContaining("you have " + has);
      store.remove(mine.snapshotId());
      assertThat(store.create(claim(account, who, has, null), VOLUME, null).userId()).isEqualTo(who);
    } finally {
      pool.shutdownNow();
      tdb.drop().run();
    }
  }
}
