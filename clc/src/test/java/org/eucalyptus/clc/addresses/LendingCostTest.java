package org.eucalyptus.clc.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lending public addresses to a launch's new instances (in the transaction that records where the
 * cluster placed them) takes a select per chunk of instances and one per cluster, not two per
 * instance (one to lock it, one for its address): those made recording a launch of 100 most of its
 * time at the front end. The lowest free addresses go to the lowest ids; what the pool has no room for goes without.
 */
@UnitTest
class LendingCostTest {
  @TempDir Path tmp;

  @Test
  void aLaunchsInstancesAreLentAddressesInAFewStatements() throws Exception {
    try (Database db = new Database(DatabaseSettings.embedded(tmp), CloudController.ENTITIES)) {
      AccessKeyOwner admin = new IdentityStore(db, Clock.systemUTC()).ensureSystemAdmin();
      AddressStore addresses = new AddressStore(db, Clock.systemUTC());
      List<String> ids = new ArrayList<>();
      db.run(s -> {
        s.persist(new org.eucalyptus.clc.clusters.Cluster("c1", "10.0.0.1", 8774, Instant.now()));
        s.persist(new org.eucalyptus.clc.clusters.Cluster("c2", "10.0.0.2", 8774, Instant.now()));
        for (int i = 0; i < 100; i++) {
          String id = String.format("i-%08x", 0x10000000 + i);
          ids.add(id);
          s.persist(new Instance(id, "r-00000001", admin.accountNumber(), admin.userId(), "emi-00000001", null, null,
              "m1.small", i % 2 == 0 ? "c1" : "c2", null, null, i, "d0:0d:00:00:00:01", null, List.of(),
              Instant.now()));
        }
        // c1's pool has room for all 50 of its instances, c2's for 10 of its 50.
        for (int a = 0; a < 60; a++) {
          s.persist(new Address("10.1." + (a < 50 ? "1." + a : "2." + a), a < 50 ? "c1" : "c2", Instant.now()));
        }
      });
      Database.Counts before = db.counts();
      db.run(s -> addresses.lendToNew(s, ids));
      long statements = db.counts().statements() - before.statements();
      System.out.printf("lending to 100 new instances in 2 clusters: %d statements%n", statements);
      // Fewer than one a launched instance: the rows are locked in one select, each cluster's free addresses
      // found in another; the rest are the writes of the 60 addresses and instances lent (batched).
      assertThat(statements).as("statements lending to 100 instances").isLessThan(100);

      List<Instance> lent = db.inTransaction(s -> s.createQuery("from Instance order by instanceId", Instance.class)
          .list());
      assertThat(lent.stream().filter(i -> i.cluster().equals("c1")).map(Instance::publicIp))
          .doesNotContainNull().doesNotHaveDuplicates().allSatisfy(ip -> assertThat(ip).startsWith("10.1.1."));
      List<String> c2 = lent.stream().filter(i -> i.cluster().equals("c2")).map(Instance::publicIp).toList();
      assertThat(c2.subList(0, 10)).doesNotContainNull().allSatisfy(ip -> assertThat(ip).startsWith("10.1.2."));
      assertThat(c2.subList(10, 50)).containsOnlyNulls();
      List<Address> used = db.inTransaction(s -> s.createQuery("from Address where instanceId is not null",
          Address.class).list());
      assertThat(used).hasSize(60);
    }
  }
}
