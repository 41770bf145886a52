package org.eucalyptus.clc.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.identity.Group;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.common.policy.Limits;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard as a store calls it inside its transaction, on H2 and PostgreSQL: the group quota
 * (what CreateGroup holds to: per account, a user-level limit ignored) and the users' count.
 */
@IntegrationTest
class QuotaGuardTest {
  @TempDir Path tmp;

  static QuotaClaim claim(String key, String account, Long user, Long acct) {
    return new QuotaClaim(key, new Limits(user == null ? OptionalLong.empty() : OptionalLong.of(user),
        acct == null ? OptionalLong.empty() : OptionalLong.of(acct)), account, "AIDTESTUSER");
  }

  /** Creates a group the way CreateGroup is to: guard, then insert, in one transaction. */
  static void createGroup(Database db, QuotaClaim claim, String name) throws LimitExceededException {
    db.run(s -> {
      QuotaGuard.admitOne(s, claim.accountOnly(), Holdings.GROUPS, ResourceKind.USER, "groups");
      s.persist(new Group("AGP" + name.toUpperCase(java.util.Locale.ROOT), claim.accountNumber(), name, "/",
          Instant.now()));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void groupsAndUsersCountPerAccount(String kind) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    try (Database db = new Database(tdb.settings(), CloudController.ENTITIES)) {
      IdentityStore ids = new IdentityStore(db, Clock.systemUTC());
      String account = ids.createAccount("quota-guard").accountNumber();
      QuotaClaim groups = claim(Quotas.GROUP_NUMBER, account, 0L, 2L);
      createGroup(db, groups, "g1");
      createGroup(db, groups, "g2"); // a user-level limit of 0 does not apply: groups are the account's
      assertThatThrownBy(() -> createGroup(db, groups, "g3")).isInstanceOfSatisfying(LimitExceededException.class,
          e -> {
            assertThat(e.resource()).isEqualTo(ResourceKind.USER);
            assertThat(e.getMessage()).isEqualTo("This request would exceed your quota of 2 groups"
                + " (iam:quota-groupnumber), set for your account: it has 2 and the request needs at least 1 more.");
          });
      createGroup(db, claim(Quotas.GROUP_NUMBER, account, null, null), "g3"); // unlimited
      // The account's admin is one of its users.
      long users = db.inTransaction(s -> Holdings.USERS.ofAccount(s, account));
      assertThat(users).isEqualTo(1);
      // Of 1..5 wanted under a limit of 4, the 3 that fit.
      int admitted = db.inTransaction(s -> QuotaGuard.admit(s, claim(Quotas.USER_NUMBER, account, null, 4L),
          Holdings.USERS, 1, 5, ResourceKind.USER, "users"));
      assertThat(admitted).isEqualTo(3);
      // Every kind's counts are valid queries on the schema as migrated (owner-user columns of V14 included).
      for (Holdings h : java.util.List.of(Holdings.INSTANCES, Holdings.IMAGES, Holdings.ADDRESSES,
          Holdings.SNAPSHOTS)) {
        long none = db.inTransaction(s -> h.ofAccount(s, account) + h.ofUser(s, "AIDTESTUSER"));
        assertThat(none).as(h.entity()).isZero();
      }
    } finally {
      tdb.drop().run();
    }
  }
}
