package org.eucalyptus.clc.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.clc.storage.UnregisteredStorage;
import org.eucalyptus.clc.volumes.AttachmentSync;
import org.eucalyptus.clc.volumes.VolumeService;
import org.eucalyptus.clc.volumes.VolumeStore;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VolumeType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What one round of the cluster sync costs the database when one instance of many changed, counted
 * by Hibernate: the statements, and the rows read and written, are the same with 100 instances as
 * with 2,000 (a round used to lock and read every live instance of the cluster, one statement each,
 * and ask again for every reported id). Rounds go through the poll loop's own step, with its
 * listeners (the attachments' sync, the addresses' reclaim), on H2 and PostgreSQL.
 */
@IntegrationTest
class ClusterSyncCostTest {
  @TempDir Path tmp;

  record Cost(long statements, long read, long written) {}

  record Costs(Cost unchanged, Cost oneChange, Cost complete) {}

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void oneChangeCostsTheSameWhateverTheNumberOfInstances(String kind) {
    Costs few = measure(kind, 100, tmp.resolve("few"));
    Costs many = measure(kind, 2_000, tmp.resolve("many"));
    String why = "with 2,000 instances %s, against %s with 100";
    assertThat(many.oneChange().statements()).as(why, many.oneChange(), few.oneChange())
        .isLessThanOrEqualTo(few.oneChange().statements() + 2);
    assertThat(many.oneChange().written()).as(why, many.oneChange(), few.oneChange())
        .isEqualTo(few.oneChange().written());
    assertThat(many.oneChange().read()).as(why, many.oneChange(), few.oneChange())
        .isLessThanOrEqualTo(few.oneChange().read() + 10);
    assertThat(many.unchanged().statements()).as(why, many.unchanged(), few.unchanged())
        .isLessThanOrEqualTo(few.unchanged().statements() + 2);
    assertThat(many.unchanged().written()).as("rows written by a report that changed nothing").isZero();
    // The periodic complete round reads every live row (one query), but its statements do not grow either.
    assertThat(many.complete().statements()).as(why, many.complete(), few.complete())
        .isLessThanOrEqualTo(few.complete().statements() + 2);
    assertThat(many.complete().written()).as("rows written by a complete round that changed nothing").isZero();
    System.out.printf("cluster sync on %s, one change: %s with 100 instances, %s with 2,000;"
        + " nothing changed: %s, %s; complete round: %s, %s%n", kind, few.oneChange(), many.oneChange(),
        few.unchanged(), many.unchanged(), few.complete(), many.complete());
  }

  private Costs measure(String kind, int n, Path dir) {
    TestPostgres pg = kind.equals("postgresql") ? TestPostgres.create("clcheap_synccost") : null;
    DatabaseSettings settings = pg == null ? DatabaseSettings.embedded(dir)
        : new DatabaseSettings(pg.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD, 4);
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    try (Database db = new Database(settings, CloudController.ENTITIES)) {
      AccessKeyOwner admin = new IdentityStore(db, clock).ensureSystemAdmin();
      ClusterRegistry registry = new ClusterRegistry(db, clock);
      registry.register("c1", "127.0.0.1", 1);
      List<CcInstanceType> report = new ArrayList<>();
      db.run(s -> {
        for (int k = 0; k < n; k++) {
          String id = String.format("i-%08x", k);
          Instance i = new Instance(id, "r-00000001", admin.accountNumber(), admin.userId(), "emi-00000001", null, null,
              "m1.small", "c1", null, null, 0, mac(k), null, List.of(), now.get());
          i.placed(node(k), address(k), null);
          i.advance(InstanceState.RUNNING, null, now.get());
          s.persist(i);
          report.add(reported(id, "Extant", k));
        }
      });
      // Every tenth instance has a volume attached.
      db.run(s -> {
        for (int k = 0; k < n; k += 10) {
          String vol = String.format("vol-%08x", k);
          s.createNativeMutationQuery("insert into volumes (volume_id, account_number, user_id, zone, size_gib, state,"
                  + " create_time) values (?1, ?2, ?3, 'c1', 1, 'in-use', ?4)")
              .setParameter(1, vol).setParameter(2, admin.accountNumber()).setParameter(3, admin.userId())
              .setParameter(4, now.get()).executeUpdate();
          s.createNativeMutationQuery("insert into volume_attachments (volume_id, instance_id, device, state,"
                  + " attach_time, delete_on_termination) values (?1, ?2, '/dev/sdf', 'attached', ?3, false)")
              .setParameter(1, vol).setParameter(2, String.format("i-%08x", k)).setParameter(3, now.get())
              .executeUpdate();
          VolumeType v = new VolumeType();
          v.setVolumeId(vol);
          v.setState("attached");
          report.get(k).getVolumes().add(v);
        }
      });
      UnregisteredStorage storage = new UnregisteredStorage();
      VolumeStore volumes = new VolumeStore(db, clock, new IdSource());
      AddressStore addresses = new AddressStore(db, clock);
      ClusterStateSync sync = new ClusterStateSync(db, registry, new ClusterClients(), clock, () -> Duration.ofMinutes(5),
          addresses::reclaimFromEnded, (cluster, ids) -> true,
          new AttachmentSync(new VolumeService(volumes, storage, storage, registry, new ClusterClients())));

      sync.take("c1", report); // the first report after a start: the whole cluster settled
      now.set(now.get().plusMillis(100));
      Cost unchanged = cost(db, () -> sync.take("c1", report));
      // Instance 7 (one with no volume) ends on its node.
      report.set(7, reported(String.format("i-%08x", 7), "Teardown", 7));
      now.set(now.get().plusMillis(100));
      Cost oneChange = cost(db, () -> sync.take("c1", report));
      InstanceState ended = db.inTransaction(s -> s.find(Instance.class, String.format("i-%08x", 7)).state());
      assertThat(ended).isEqualTo(InstanceState.TERMINATED);
      now.set(now.get().plus(ClusterStateSync.COMPLETE_ROUND_EVERY));
      Cost complete = cost(db, () -> sync.take("c1", report));
      return new Costs(unchanged, oneChange, complete);
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static Cost cost(Database db, Runnable round) {
    Database.Counts c0 = db.counts();
    Database.Rows r0 = db.rows();
    round.run();
    Database.Counts c1 = db.counts();
    Database.Rows r1 = db.rows();
    return new Cost(c1.statements() - c0.statements(), r1.read() - r0.read(), r1.written() - r0.written());
  }

  private static String node(int k) {
    return "http://10.0.0." + (k % 50 + 1) + ":8775/axis2/services/EucalyptusNC";
  }

  private static String address(int k) {
    return "10.1." + (k / 250) + "." + (k % 250 + 2);
  }

  private static String mac(int k) {
    return String.format("d0:0d:00:00:%02x:%02x", k / 256, k % 256);
  }

  private static CcInstanceType reported(String id, String state, int k) {
    CcInstanceType r = new CcInstanceType();
    r.setInstanceId(id);
    r.setStateName(state);
    r.setServiceTag(node(k));
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress(mac(k));
    net.setPrivateIp(address(k));
    r.setNetParams(net);
    return r;
  }
}
