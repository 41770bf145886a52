package org.eucalyptus.nc.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

@UnitTest
class InstanceTableTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");

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

  final ManualClock clock = new ManualClock();
  final InstanceTable table = new InstanceTable(clock, 4, 1024, 20);

  static LaunchOrder request(String id, int cores, int memory, int disk) {
    return new LaunchOrder(null, null, id, "r-1", null, "emi-1", null, null, null, null, null, null, null, null,
        new LaunchOrder.Machine("m1.test", memory, cores, disk, List.of()), null, null, null, null, null, List.of());
  }

  NcInstance admit(String id, int cores) throws Exception {
    return table.admit(request(id, cores, 256, 5), Path.of("/w", id));
  }

  NcInstance now(String id) {
    return table.find(id).orElseThrow();
  }

  @Test
  void everyChangeBumpsTheVersionAndInternalStatesMapToPhases() throws Exception {
    long v = table.version().current();
    NcInstance i = admit("i-00000001", 1);
    assertThat(i.state()).isEqualTo(NcInstance.State.STAGING);
    assertThat(i.phase().wireName()).isEqualTo("Pending");
    assertThat(table.version().current()).isEqualTo(v + 1);

    assertThat(table.advance("i-00000001", NcInstance.State.BOOTING, null)).isTrue();
    assertThat(now("i-00000001").phase().wireName()).isEqualTo("Pending");
    assertThat(table.advance("i-00000001", NcInstance.State.RUNNING, null)).isTrue();
    assertThat(now("i-00000001").phase().wireName()).isEqualTo("Extant");
    assertThat(table.advance("i-00000001", NcInstance.State.RUNNING, null)).isFalse(); // no change, no bump
    assertThat(table.version().current()).isEqualTo(v + 3);

    assertThat(table.advance("i-00000001", NcInstance.State.TERMINATED, "terminated")).isTrue();
    assertThat(now("i-00000001").phase().wireName()).isEqualTo("Teardown");
    // A late launch step cannot bring a torn-down instance back.
    assertThat(table.advance("i-00000001", NcInstance.State.RUNNING, null)).isFalse();
    assertThat(now("i-00000001").reason()).isEqualTo("terminated");
    assertThat(table.version().current()).isEqualTo(v + 4);
    // What a reader got stays as it was (a describe marshalling it on another thread sees one state).
    assertThat(i.state()).isEqualTo(NcInstance.State.STAGING);
    assertThat(i.reason()).isNull();
  }

  /**
   * A describe long poll is woken only by what its caller has not heard: not an admission (the
   * launch's answer carried it) nor staging to booting (both Pending), but the instance running.
   * At a thousand nodes each needless wake is a signed answer and a signed poll.
   */
  @Test
  void aLongPollWakesWhenALaunchRunsNotWhenItIsAdmittedOrBoots() throws Exception {
    long v = table.version().current();
    admit("i-00000001", 1);
    long t0 = System.nanoTime();
    assertThat(table.version().awaitChange(v, 50)).isEqualTo(v + 1); // waited out: nothing to wake it
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(40);
    assertThat(table.advance("i-00000001", NcInstance.State.BOOTING, null)).isTrue();
    t0 = System.nanoTime();
    assertThat(table.version().awaitChange(v, 50)).isEqualTo(v + 2);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(40);
    assertThat(table.advance("i-00000001", NcInstance.State.RUNNING, null)).isTrue();
    t0 = System.nanoTime();
    assertThat(table.version().awaitChange(v, 10_000)).isEqualTo(v + 3);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);

    // A failure within the Pending phase says why: that is news, and wakes.
    long before = table.version().current();
    admit("i-00000002", 1);
    assertThat(table.advance("i-00000002", NcInstance.State.FAILED, "failed to start: no disk")).isTrue();
    assertThat(table.version().awaitChange(before, 10_000)).isEqualTo(before + 2);
  }

  /** A node controller started again never gives out a version its earlier run did (a poller's version names one state). */
  @Test
  void aTableMadeLaterCountsAboveEveryVersionOfAnEarlierOne() throws Exception {
    for (int i = 0; i < 1000; i++) {
      table.admit(request(String.format("i-%08d", i), 0, 0, 0), Path.of("/w"));
    }
    long earlier = table.version().current();
    clock.now = clock.now.plusMillis(5); // a restart as quick as can be: 5 ms later
    assertThat(new InstanceTable(clock, 4, 1024, 20).version().current()).isGreaterThan(earlier);
  }

  @Test
  void admissionChecksRoomAndDuplicates() throws Exception {
    admit("i-00000001", 3);
    assertThat(table.resources().coresFree()).isEqualTo(1);
    assertThat(table.resources().memoryFree()).isEqualTo(1024 - 256);
    assertThat(table.resources().diskFree()).isEqualTo(15);
    assertThatThrownBy(() -> admit("i-00000002", 2))
        .isInstanceOfSatisfying(InstanceTable.AdmissionException.class,
            e -> assertThat(e.code()).isEqualTo("InsufficientResources"));
    assertThatThrownBy(() -> table.admit(request("i-00000003", 1, 2048, 1), Path.of("/w")))
        .isInstanceOfSatisfying(InstanceTable.AdmissionException.class,
            e -> assertThat(e.code()).isEqualTo("InsufficientResources"));
    assertThatThrownBy(() -> admit("i-00000001", 1))
        .isInstanceOfSatisfying(InstanceTable.AdmissionException.class,
            e -> assertThat(e.code()).isEqualTo("InstanceAlreadyExists"));

    table.advance("i-00000001", NcInstance.State.FAILED, "failed to start: no kernel");
    assertThat(table.resources().coresFree()).isEqualTo(4);
    // The same launch again (no uuid: known by its id) is still that launch, though torn down.
    assertThatThrownBy(() -> admit("i-00000001", 1))
        .isInstanceOfSatisfying(InstanceTable.AdmissionException.class,
            e -> assertThat(e.code()).isEqualTo("InstanceAlreadyExists"));
    // A torn-down id may be reused by a new launch of it (another uuid).
    assertThat(table.admit(withUuid(request("i-00000001", 4, 256, 5), "launch-2"), Path.of("/w")).state())
        .isEqualTo(NcInstance.State.STAGING);
  }

  static LaunchOrder withUuid(LaunchOrder r, String uuid) {
    return new LaunchOrder(r.correlationId(), r.userId(), r.instanceId(), r.reservationId(), uuid, r.imageId(),
        r.kernelId(), r.ramdiskId(), r.imageUrl(), r.kernelUrl(), r.ramdiskUrl(), r.ownerId(), r.accountId(),
        r.keyName(), r.machine(), r.network(), r.userData(), r.launchIndex(), r.platform(), r.expiryTime(),
        r.groupNames());
  }

  @Test
  void aLaunchIsKnownByItsIdAndUuid() throws Exception {
    LaunchOrder first = withUuid(request("i-00000001", 1, 256, 5), "launch-1");
    table.admit(first, Path.of("/w"));
    // Sent again (its sender could not know it arrived): the same launch, not a second one.
    assertThatThrownBy(() -> table.admit(first, Path.of("/w")))
        .isInstanceOfSatisfying(InstanceTable.AdmissionException.class,
            e -> assertThat(e.code()).isEqualTo(InstanceTable.ALREADY_EXISTS));
    // A new launch of the id while the first still runs here is refused, not answered with the first.
    LaunchOrder second = withUuid(request("i-00000001", 1, 256, 5), "launch-2");
    assertThatThrownBy(() -> table.admit(second, Path.of("/w")))
        .isInstanceOfSatisfying(InstanceTable.AdmissionException.class,
            e -> assertThat(e.code()).isEqualTo(InstanceTable.ID_IN_USE));

    table.advance("i-00000001", NcInstance.State.TERMINATED, "terminated"); // StopInstances tore it down
    // The first launch sent again late stays the one that ended: nothing starts.
    assertThatThrownBy(() -> table.admit(first, Path.of("/w")))
        .isInstanceOfSatisfying(InstanceTable.AdmissionException.class,
            e -> assertThat(e.code()).isEqualTo(InstanceTable.ALREADY_EXISTS));
    assertThat(now("i-00000001").phase()).isEqualTo(NcInstance.Phase.TEARDOWN);
    // StartInstances' launch (a new uuid) starts the id again.
    assertThat(table.admit(second, Path.of("/w")).state()).isEqualTo(NcInstance.State.STAGING);
    assertThat(now("i-00000001").request().uuid()).isEqualTo("launch-2");
    assertThat(table.resources().coresFree()).isEqualTo(3);
  }

  @Test
  void tornDownInstancesAreForgottenAfterTheRetention() throws Exception {
    admit("i-00000001", 1);
    admit("i-00000002", 1);
    table.advance("i-00000001", NcInstance.State.STOPPED, "the guest shut down");
    clock.now = clock.now.plusSeconds(100);
    table.purge(Duration.ofMinutes(3));
    assertThat(table.find("i-00000001")).isPresent();

    long v = table.version().current();
    clock.now = clock.now.plusSeconds(81);
    table.purge(Duration.ofMinutes(3));
    assertThat(table.find("i-00000001")).isEmpty();
    assertThat(table.find("i-00000002")).isPresent(); // still live: never purged
    assertThat(table.version().current()).isEqualTo(v + 1);
  }
}
