package org.eucalyptus.clc.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deregistering a cluster: refused, with nothing changed, while it has instances that have not ended. */
@UnitTest
class ClusterRegistryTest {
  @TempDir Path tmp;

  @Test
  void aClusterWithLiveInstancesStaysRegistered() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Database db = new Database(DatabaseSettings.embedded(tmp), CloudController.ENTITIES)) {
      AccessKeyOwner admin = new IdentityStore(db, clock).ensureSystemAdmin();
      ClusterRegistry registry = new ClusterRegistry(db, clock);
      registry.register("c1", "127.0.0.1", 1);
      db.run(s -> s.persist(new Instance("i-0000c1c1", "r-0000c1c1", admin.accountNumber(), admin.userId(),
          "emi-00000001", null, null, "m1.small", "c1", null, null, 0, "d0:0d:00:00:c1:c1", null, List.of(),
          clock.instant())));

      assertThatThrownBy(() -> registry.deregister("c1")).isInstanceOfSatisfying(ConflictException.class, e -> {
        assertThat(e.resource()).isEqualTo(ResourceKind.CLUSTER);
        assertThat(e).hasMessage("Cluster c1 still has 1 instance(s); terminate them first.");
      });
      assertThat(registry.find("c1")).isPresent();
      assertThatThrownBy(() -> registry.deregister("c9")).isInstanceOf(NotFoundException.class)
          .hasMessage("No cluster c9 is registered.");

      db.run(s -> s.find(Instance.class, "i-0000c1c1").advance(InstanceState.TERMINATED, "User initiated",
          clock.instant()));
      registry.deregister("c1");
      assertThat(registry.find("c1")).isEmpty();
    }
  }
}
