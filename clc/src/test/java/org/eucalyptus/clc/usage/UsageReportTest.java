package org.eucalyptus.clc.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scripted day of one account's instances, volume, snapshot and address, recorded round by round
 * under a clock the test moves, then reported: every figure exact to the second, for the whole day,
 * for a range that starts and ends inside hours, and for what is still held when asked. On H2 and
 * PostgreSQL.
 */
@IntegrationTest
class UsageReportTest {
  @TempDir Path tmp;

  static final class TestClock extends Clock {
    Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static Instant at(String hhmmss) {
    return Instant.parse("2026-11-01T" + hhmmss + "Z");
  }

  /** Walrus's answers as the day goes: set before each round; empty while Walrus cannot be reached. */
  static final class ScriptedWalrus implements WalrusUsage.Source {
    java.util.Optional<WalrusUsage> answer = java.util.Optional.of(new WalrusUsage(List.of(), List.of()));
    final List<Instant> asked = new java.util.ArrayList<>();

    @Override
    public java.util.Optional<WalrusUsage> read(Instant sinceHour) {
      asked.add(sinceHour);
      return answer;
    }

    void says(List<WalrusUsage.Bucket> buckets, WalrusUsage.HourRequests... requests) {
      answer = java.util.Optional.of(new WalrusUsage(buckets, List.of(requests)));
    }
  }

  Database db;
  TestClock clock;
  ScriptedWalrus walrus = new ScriptedWalrus();
  UsageRecorder recorder;
  String account;
  String user;

  /** Moves the clock to {@code t}, makes the change, and has the recorder take a round there. */
  void step(String t, String sql, Object... params) {
    clock.now = at(t);
    if (sql != null) {
      db.run(s -> s.doWork(c -> {
        try (PreparedStatement st = c.prepareStatement(sql)) {
          for (int i = 0; i < params.length; i++) {
            Object v = params[i];
            st.setObject(i + 1, v instanceof Instant x ? x.atOffset(ZoneOffset.UTC) : v);
          }
          st.executeUpdate();
        }
      }));
    }
    recorder.record();
  }

  String launch = "insert into instances (instance_id, reservation_id, account_number, user_id, image_id, vm_type,"
      + " cluster, state, launch_index, mac_address, launch_time, state_changed, disable_api_termination,"
      + " root_device_type) values (?, 'r-00000001', ?, ?, 'emi-00000001', ?, 'zone-a', 'pending', 0,"
      + " 'd0:0d:00:00:00:01', ?, ?, false, 'instance-store')";
  String end = "update instances set state = ?, state_changed = ? where instance_id = ?";

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aScriptedDayIsReportedToTheSecond(String kind) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    try (Database d = new Database(tdb.settings(), CloudController.ENTITIES)) {
      db = d;
      clock = new TestClock(at("00:00:00"));
      IdentityStore ids = new IdentityStore(db, clock);
      ids.createAccount("acme");
      AccessKeyOwner admin = ids.createAccessKey("acme", "admin");
      account = admin.accountNumber();
      user = admin.userId();
      new ClusterRegistry(db, clock).register("zone-a", "127.0.0.1", 9);
      recorder = new UsageRecorder(db, clock, Duration.ofDays(30), walrus);
      step("00:00:00", null);
      assertThat(walrus.asked).containsExactly(at("00:00:00").minus(UsageRecorder.S3_FIRST_LOOKBACK));
      // The bucket "logs", made at 01:00:00, first reported at the 01:30 round holding 1,000 bytes (held
      // so from its making), 3,000 from the 02:00 round, unreported while Walrus is down (03:20), gone at
      // the 04:00 round: 1,000 bytes for an hour and 3,000 for two, 7,000 byte-hours. Requests: 5 in the
      // hour from 01:00, 4 then 7 (Walrus's count of an hour grows; the last one counts) from 02:00, 2 from 03:00.
      Instant made = at("01:00:00");
      walrus.says(List.of(new WalrusUsage.Bucket("logs", account, user, made, 1000)),
          new WalrusUsage.HourRequests(at("01:00:00"), "logs", account, user, 5));
      // i-1, an m1.small (1 core, 128 MiB), runs 01:30:00 to 03:15:20; seen ending at the 03:20 round.
      step("01:30:00", launch, "i-00000001", account, user, "m1.small", at("01:30:00"), at("01:30:00"));
      walrus.says(List.of(new WalrusUsage.Bucket("logs", account, user, made, 3000)),
          new WalrusUsage.HourRequests(at("01:00:00"), "logs", account, user, 5),
          new WalrusUsage.HourRequests(at("02:00:00"), "logs", account, user, 4));
      step("02:00:00", "insert into volumes (volume_id, account_number, user_id, zone, size_gib, state, create_time)"
          + " values ('vol-00000001', ?, ?, 'zone-a', 10, 'available', ?)", account, user, at("02:00:00"));
      walrus.answer = java.util.Optional.empty();
      step("03:20:00", end, "terminated", at("03:15:20"), "i-00000001");
      walrus.says(List.of(), new WalrusUsage.HourRequests(at("02:00:00"), "logs", account, user, 7),
          new WalrusUsage.HourRequests(at("03:00:00"), "logs", account, user, 2));
      step("04:00:00", "insert into addresses (public_ip, cluster, account_number, user_id, auto_assigned, changed)"
          + " values ('10.9.0.1', 'zone-a', ?, ?, false, ?)", account, user, at("04:00:00"));
      step("05:00:00", "update volumes set state = 'deleted' where volume_id = 'vol-00000001'");
      // i-2, a c1.medium (1 core, 256 MiB), from 06:00:00 and still running when the report is read.
      step("06:00:00", launch, "i-00000002", account, user, "c1.medium", at("06:00:00"), at("06:00:00"));
      step("07:00:00", null);
      // i-3 starts and ends between two rounds: found by its end.
      clock.now = at("07:10:00");
      step("07:10:00", launch, "i-00000003", account, user, "m1.small", at("07:10:00"), at("07:10:00"));
      clock.now = at("07:40:00");
      db.run(s -> s.doWork(c -> {
        try (PreparedStatement st = c.prepareStatement("delete from usage_open where resource_id = 'i-00000003'")) {
          st.executeUpdate(); // as if no round had seen it
        }
      }));
      step("08:00:00", end, "terminated", at("07:40:00"), "i-00000003");
      step("08:00:00", "insert into snapshots (snapshot_id, account_number, user_id, volume_id, volume_size_gib, zone,"
          + " state, progress, start_time) values ('snap-00000001', ?, ?, 'vol-00000001', 2, 'zone-a', 'completed',"
          + " '100%', ?)", account, user, at("08:00:00"));
      step("09:00:00", "delete from snapshots where snapshot_id = 'snap-00000001'");
      step("10:30:00", "update addresses set account_number = null, user_id = null, changed = ? where public_ip ="
          + " '10.9.0.1'", at("10:30:00"));
      step("12:00:00", null);

      UsageReport report = new UsageReport(db);
      Map<String, UsageReport.Line> day = byKindAndType(report.between(at("00:00:00"), at("12:00:00"), at("12:00:00"),
          account));
      // m1.small: 1:45:20 (i-1) + 0:30:00 (i-3) = 8120 s.
      assertThat(day.get("instance/m1.small").hours() * 3600).isCloseTo(8120, within());
      assertThat(day.get("instance/m1.small").coreHours() * 3600).isCloseTo(8120, within());
      assertThat(day.get("instance/m1.small").memoryGibHours() * 3600).isCloseTo(8120 * 128 / 1024.0, within());
      assertThat(day.get("instance/c1.medium").hours()).isCloseTo(6.0, within()); // 06:00 to now
      assertThat(day.get("volume/").hours()).isCloseTo(3.0, within());
      assertThat(day.get("volume/").gibHours()).isCloseTo(30.0, within());
      assertThat(day.get("snapshot/").gibHours()).isCloseTo(2.0, within());
      assertThat(day.get("address/").hours()).isCloseTo(6.5, within());
      assertThat(day.get("bucket/").hours()).isCloseTo(3.0, within());
      assertThat(day.get("bucket/").byteHours()).isCloseTo(7000.0, within());
      assertThat(day.get("bucket/").requests()).isEqualTo(14);
      assertThat(day.values()).allMatch(l -> l.account().equals(account) && l.user().equals(user)
          && l.zone().equals(l.kind().equals("bucket") ? "" : "zone-a"));
      // Walrus was asked, after its first answer, from the hour before its last answer's on.
      assertThat(walrus.asked.get(2)).isEqualTo(at("00:00:00"));

      // A range starting and ending inside hours: the whole hour 02:00-03:00 from the rollups, its ends
      // from the raw intervals. i-1 held 01:45:00-03:00:00 of it, the volume 02:00-03:00.
      Map<String, UsageReport.Line> part = byKindAndType(report.between(at("01:45:00"), at("03:00:00"),
          at("12:00:00"), account));
      assertThat(part.get("instance/m1.small").hours() * 3600).isCloseTo(4500, within());
      assertThat(part.get("volume/").gibHours()).isCloseTo(10.0, within());
      // The bucket: 1,000 bytes for 01:45-02:00, 3,000 for 02:00-03:00; the requests of the whole hour 02:00.
      assertThat(part.get("bucket/").byteHours()).isCloseTo(250 + 3000, within());
      assertThat(part.get("bucket/").requests()).isEqualTo(7);
      assertThat(part).doesNotContainKeys("instance/c1.medium", "address/");

      // Within one hour, and what is held now counted only until now.
      Map<String, UsageReport.Line> minutes = byKindAndType(report.between(at("03:10:00"), at("03:12:30"),
          at("12:00:00"), account));
      assertThat(minutes.get("instance/m1.small").hours() * 3600).isCloseTo(150, within());
      Map<String, UsageReport.Line> later = byKindAndType(report.between(at("11:00:00"), at("23:00:00"),
          at("12:00:00"), account));
      assertThat(later.get("instance/c1.medium").hours()).isCloseTo(1.0, within());

      // Whole days come from the daily rollups, the hours and parts around them from the hourly and raw.
      for (Instant from : List.of(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-10-30T17:20:00Z"))) {
        Map<String, UsageReport.Line> days = byKindAndType(report.between(from, Instant.parse("2026-11-02T00:00:00Z"),
            at("12:00:00"), account));
        assertThat(days.get("instance/m1.small").hours() * 3600).isCloseTo(8120, within());
        assertThat(days.get("instance/c1.medium").hours()).isCloseTo(6.0, within());
        assertThat(days.get("volume/").gibHours()).isCloseTo(30.0, within());
        assertThat(days.get("address/").hours()).isCloseTo(6.5, within());
        assertThat(days.get("bucket/").byteHours()).isCloseTo(7000.0, within());
        assertThat(days.get("bucket/").requests()).isEqualTo(14);
      }
      long dailyRows = db.select("select count(*) from usage_daily", List.of(), r -> r.getLong(1)).get(0);
      assertThat(dailyRows).isEqualTo(5); // m1.small, volume, address, snapshot, bucket (c1.medium is still open)

      // Another account sees none of it.
      ids.createAccount("other");
      String other = ids.findAccount("other").orElseThrow().accountNumber();
      assertThat(report.between(at("00:00:00"), at("12:00:00"), at("12:00:00"), other)).isEmpty();
      // And a second recording round changes nothing already counted.
      recorder.record();
      Map<String, UsageReport.Line> again = byKindAndType(report.between(at("00:00:00"), at("12:00:00"),
          at("12:00:00"), account));
      assertThat(again.get("instance/m1.small").hours() * 3600).isCloseTo(8120, within());
      assertThat(again.get("bucket/").requests()).isEqualTo(14);
      assertThat(again.get("bucket/").byteHours()).isCloseTo(7000.0, within());
    } finally {
      tdb.drop().run();
    }
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  static Map<String, UsageReport.Line> byKindAndType(List<UsageReport.Line> lines) {
    return lines.stream().collect(Collectors.toMap(l -> l.kind() + "/" + l.detail(), l -> l));
  }
}
