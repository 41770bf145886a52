package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * What one DescribeInstances costs the database, counted by {@link Database#counts()}: the statements
 * of a listing do not grow with the number of instances, its rows are read as plain rows (no entity
 * materialised per instance), and an instance asked for by an instance-id filter is the only one read
 * (not every instance of the account, filtered afterwards). Answers follow every change of what they
 * show, made by this CLC or another front end on the same database, though items are kept rendered.
 */
@IntegrationTest
class DescribeInstancesCostTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  /** Each test's own account (the tests' listings must not see each other's instances). */
  AccessKeyOwner tenant;
  Ec2Client ec2;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(f);
  }

  @org.junit.jupiter.api.BeforeEach
  void account(org.junit.jupiter.api.TestInfo test) throws Exception {
    tenant = f.newAccount(test.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT)
        .substring(0, 20));
    ec2 = f.ec2(tenant);
  }

  @org.junit.jupiter.api.AfterEach
  void closeClient() {
    ec2.close();
  }

  @Test
  void statementsOfAListingDoNotGrowWithTheInstances() throws Exception {
    insertInstances("i-1a", 0, 10);
    List<Instance> ten = all();
    assertThat(ten).hasSize(10).allSatisfy(i -> assertThat(i.tags()).extracting(Tag::key).containsExactly("tier"));
    long few = cost(this::all).statements();
    insertInstances("i-1a", 10, 300);
    assertThat(all()).hasSize(300);
    Database.Counts many = cost(this::all);
    assertThat(many.statements()).as("statements listing 300 instances, against %d for 10", few).isEqualTo(few);
    assertThat(many.rowsRead()).as("rows read listing 300 instances with a tag each").isBetween(600L, 610L);
    // Read as plain rows: Hibernate's entity per instance (its persistence context, its flush) was most of
    // a 1,000-instance answer's time.
    assertThat(many.entitiesLoaded()).as("entities materialised listing 300 instances").isZero();
  }

  @Test
  void anInstanceIdFilterReadsOnlyThatInstance() throws Exception {
    insertInstances("i-2b", 0, 200);
    String id = String.format("i-2b%06x", 77);
    Supplier<List<Instance>> byFilter = () -> ec2.describeInstances(r -> r.filters(
        Filter.builder().name("instance-id").values(id).build())).reservations().stream()
        .flatMap(r -> r.instances().stream()).toList();
    assertThat(byFilter.get()).extracting(Instance::instanceId).containsExactly(id);
    Supplier<List<Instance>> byId = () -> ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
        .flatMap(r -> r.instances().stream()).toList();
    // Asked for by id, the instance is read by key (so it always was): by filter it costs no more.
    Database.Counts byIdCost = cost(byId);
    assertThat(byIdCost.rowsRead()).as("rows read for one instance by id (it and its tag), 200 in the account")
        .isLessThanOrEqualTo(2);
    assertThat(byIdCost.entitiesLoaded()).as("entities materialised for one instance by id").isZero();
    assertThat(cost(byFilter).rowsRead() - byIdCost.rowsRead())
        .as("rows read for one instance by filter beyond those read by id, with 200 in the account")
        .isLessThanOrEqualTo(0);
    // A wildcard still matches as before, by reading and filtering.
    assertThat(ec2.describeInstances(r -> r.filters(Filter.builder().name("instance-id")
        .values(id.substring(0, id.length() - 1) + "?").build())).reservations().stream()
        .flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList()).contains(id).hasSizeGreaterThan(1);
    // An exact value that names no instance matches none, and is no error.
    assertThat(ec2.describeInstances(r -> r.filters(Filter.builder().name("instance-id").values("i-ffffffff")
        .build())).reservations()).isEmpty();
  }

  @Test
  void answersFollowChangesOfWhatTheyShow() throws Exception {
    insertInstances("i-3c", 0, 40);
    String id = String.format("i-3c%06x", 5);
    assertThat(one(id).state().nameAsString()).isEqualTo("running");
    assertThat(one(id).tags()).extracting(Tag::value).containsExactly("web");
    sql("update instances set state = 'stopped', state_reason = 'Client.UserInitiatedShutdown: User initiated"
        + " shutdown', private_ip = '10.1.2.3' where instance_id = ?", id);
    ec2.createTags(r -> r.resources(id).tags(Tag.builder().key("tier").value("db").build()));
    Instance changed = one(id);
    assertThat(changed.state().nameAsString()).isEqualTo("stopped");
    assertThat(changed.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
    assertThat(changed.privateIpAddress()).isEqualTo("10.1.2.3");
    assertThat(changed.privateDnsName()).isEqualTo("euca-10-1-2-3.eucalyptus.internal");
    assertThat(changed.tags()).extracting(Tag::value).containsExactly("db");
    // In a long listing too (its tags read by account), the change shows.
    assertThat(all()).filteredOn(i -> i.instanceId().equals(id)).singleElement()
        .satisfies(i -> assertThat(i.tags()).extracting(Tag::value).containsExactly("db"));
  }

  @Test
  void aChangeByAnotherFrontEndShowsInTheNextAnswer() throws Exception {
    insertInstances("i-4d", 0, 40);
    String id = String.format("i-4d%06x", 9);
    assertThat(all()).hasSize(40);
    assertThat(one(id).publicIpAddress()).isNull();
    // A second front end: its own Database (pool, Hibernate sessions) on the same database, writing
    // through entities and the tag store as a CLC does; this CLC is told nothing.
    try (Database other = new Database(f.database, org.eucalyptus.clc.CloudController.ENTITIES)) {
      other.run(s -> {
        s.find(org.eucalyptus.clc.instances.Instance.class, id).setPublicIp("192.0.2.7");
        s.createMutationQuery("update Instance set state = 'shutting-down' where instanceId = :id")
            .setParameter("id", id).executeUpdate();
      });
      new org.eucalyptus.clc.tags.TagStore(other).create(List.of(new org.eucalyptus.clc.tags.TagStore.Resource(id,
          "instance", tenant.accountNumber())), java.util.Map.of("owner", "ops"));
    }
    Instance byId = one(id);
    assertThat(byId.publicIpAddress()).isEqualTo("192.0.2.7");
    assertThat(byId.publicDnsName()).isEqualTo("euca-192-0-2-7.eucalyptus");
    assertThat(byId.state().nameAsString()).isEqualTo("shutting-down");
    assertThat(byId.tags()).extracting(Tag::key).containsExactlyInAnyOrder("owner", "tier");
    assertThat(all()).filteredOn(i -> i.instanceId().equals(id)).singleElement().satisfies(i -> {
      assertThat(i.publicIpAddress()).isEqualTo("192.0.2.7");
      assertThat(i.state().nameAsString()).isEqualTo("shutting-down");
      assertThat(i.tags()).extracting(Tag::key).containsExactlyInAnyOrder("owner", "tier");
    });
  }

  private Instance one(String id) {
    return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  /**
   * A listing is in launch order, then by reservation, then by launch index: the CLC sorts the rows
   * itself (the database streams them unsorted), and rows inserted in another order come out so.
   */
  @Test
  void aListingIsInLaunchOrderThenReservationThenLaunchIndex() throws Exception {
    Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
    // id, reservation, launch index, seconds after t0; inserted in id order, which is not the listing's.
    Object[][] rows = {
        {"i-7e000001", "r-7e000002", 1, 2}, {"i-7e000002", "r-7e000002", 0, 2}, {"i-7e000003", "r-7e000001", 0, 5},
        {"i-7e000004", "r-7e000003", 0, 0}, {"i-7e000005", "r-7e000000", 0, 2}};
    try (Connection c = DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
        PreparedStatement in = c.prepareStatement("insert into instances (instance_id, reservation_id,"
            + " account_number, user_id, image_id, vm_type, cluster, state, launch_index, mac_address, launch_time,"
            + " state_changed) values (?, ?, ?, 'AIDUNKNOWN', 'emi-00000001', 'm1.small', 'cluster01', 'running',"
            + " ?, ?, ?, ?)")) {
      for (Object[] r : rows) {
        in.setString(1, (String) r[0]);
        in.setString(2, (String) r[1]);
        in.setString(3, tenant.accountNumber());
        in.setInt(4, (Integer) r[2]);
        in.setString(5, "d0:0d:7e:00:00:0" + ((String) r[0]).charAt(9));
        in.setTimestamp(6, Timestamp.from(t0.plusSeconds((Integer) r[3])));
        in.setTimestamp(7, Timestamp.from(t0));
        in.addBatch();
      }
      in.executeBatch();
    }
    var reservations = ec2.describeInstances().reservations();
    assertThat(reservations).extracting(software.amazon.awssdk.services.ec2.model.Reservation::reservationId)
        .containsExactly("r-7e000003", "r-7e000000", "r-7e000002", "r-7e000001");
    assertThat(all()).extracting(Instance::instanceId)
        .containsExactly("i-7e000004", "i-7e000005", "i-7e000002", "i-7e000001", "i-7e000003");
  }

  private List<Instance> all() {
    return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).toList();
  }

  /** What one call of {@code request} cost the CLC's database. */
  private static Database.Counts cost(Supplier<?> request) {
    Database.Counts before = f.clc.databaseCounts();
    assertThat(request.get()).isNotNull();
    Database.Counts after = f.clc.databaseCounts();
    return after.since(before);
  }

  /** Running instances {@code prefix + hex(n)} for n in [from, to), each tagged tier=web, as rows. */
  private void insertInstances(String prefix, int from, int to) throws Exception {
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
        PreparedStatement in = c.prepareStatement("insert into instances (instance_id, reservation_id,"
            + " account_number, user_id, image_id, vm_type, cluster, state, launch_index, mac_address, launch_time,"
            + " state_changed) values (?, ?, ?, 'AIDUNKNOWN', 'emi-00000001', 'm1.small', 'cluster01', 'running',"
            + " ?, ?, ?, ?)");
        PreparedStatement tag = c.prepareStatement("insert into tags (resource_id, tag_key, tag_value, resource_type,"
            + " account_number) values (?, 'tier', 'web', 'instance', ?)")) {
      for (int n = from; n < to; n++) {
        String id = String.format("%s%06x", prefix, n);
        in.setString(1, id);
        in.setString(2, String.format("r-%s%04x", prefix.substring(2), n / 4));
        in.setString(3, tenant.accountNumber());
        in.setInt(4, n % 4);
        in.setString(5, String.format("d0:0d:%s:%02x:%02x:%02x", prefix.substring(2), n >> 16, (n >> 8) & 0xff,
            n & 0xff));
        in.setTimestamp(6, now);
        in.setTimestamp(7, now);
        in.addBatch();
        tag.setString(1, id);
        tag.setString(2, tenant.accountNumber());
        tag.addBatch();
      }
      in.executeBatch();
      tag.executeBatch();
    }
  }

  private static void sql(String update, String id) throws Exception {
    try (Connection c = DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
        PreparedStatement st = c.prepareStatement(update)) {
      st.setString(1, id);
      st.executeUpdate();
    }
  }
}
