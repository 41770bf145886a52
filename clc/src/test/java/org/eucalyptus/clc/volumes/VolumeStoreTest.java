package org.eucalyptus.clc.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.TestDatabases;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.storage.VolumeLookup;
import org.eucalyptus.clc.tags.Tag;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.policy.Limits;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.util.IdSource;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The volumes' store on H2 and PostgreSQL: quotas and the cloud's size limits (parallel creates
 * never pass them), the states deletes and attachments may start from, and attachments following
 * the cluster's reports.
 */
@IntegrationTest
class VolumeStoreTest {
  @TempDir Path tmp;

  static final VolumeStore.SizeLimits ROOMY = new VolumeStore.SizeLimits(15, 1000);

  static QuotaClaim claim(String key, AccessKeyOwner who, Long user, Long account) {
    return new QuotaClaim(key, new Limits(user == null ? OptionalLong.empty() : OptionalLong.of(user),
        account == null ? OptionalLong.empty() : OptionalLong.of(account)), who.accountNumber(), who.userId());
  }

  static QuotaClaim none(String key, AccessKeyOwner who) {
    return claim(key, who, null, null);
  }

  /** The parts a test works on: the database, the store, an account's admin, and zones z1 and z2. */
  record Parts(Database db, VolumeStore store, AccessKeyOwner owner) {
    Volume create(int gib) throws DomainException {
      return store.create(none(Quotas.VOLUME_NUMBER, owner), none(Quotas.VOLUME_TOTAL_SIZE, owner), "z1", gib, null,
          ROOMY);
    }

    Volume available(int gib) throws DomainException {
      Volume v = create(gib);
      store.reported(v.volumeId(), "available", null);
      return v;
    }

    String instance(String id, String zone, InstanceState state) {
      db.run(s -> {
        Instance i = new Instance(id, "r-00000001", owner.accountNumber(), owner.userId(), "emi-00000001", null, null,
            "m1.small", zone, null, null, 0, "d0:0d:00:00:00:01", null, List.of(), Instant.now());
        i.placed("http://127.0.0.1:8775/axis2/services/EucalyptusNC", "10.0.0.2", null);
        if (state != InstanceState.PENDING) {
          i.advance(InstanceState.RUNNING, null, Instant.now());
          i.advance(state, null, Instant.now());
        }
        s.persist(i);
      });
      return id;
    }

    String state(String volumeId) {
      return store.find(volumeId).map(Volume::state).orElse("gone");
    }
  }

  interface Body {
    void run(Parts p) throws Exception;
  }

  void with(String kind, Body body) throws Exception {
    TestDatabases.TestDatabase tdb = TestDatabases.create(kind, tmp);
    try (Database db = new Database(tdb.settings(), CloudController.ENTITIES)) {
      IdentityStore ids = new IdentityStore(db, Clock.systemUTC());
      ids.createAccount("vols");
      AccessKeyOwner owner = ids.createAccessKey("vols", "admin");
      ClusterRegistry clusters = new ClusterRegistry(db, Clock.systemUTC());
      clusters.register("z1", "127.0.0.1", 9);
      clusters.register("z2", "127.0.0.1", 9);
      body.run(new Parts(db, new VolumeStore(db, Clock.systemUTC(), new IdSource()), owner));
    } finally {
      tdb.drop().run();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void sizesAndZonesAreHeldToTheCloudsLimits(String kind) throws Exception {
    with(kind, p -> {
      Volume v = p.create(15);
      assertThat(v.state()).isEqualTo(Volume.CREATING);
      assertThat(v.volumeId()).matches("vol-[0-9a-f]{8}");
      assertThat(p.store.find(v.volumeId()).orElseThrow().userId()).isEqualTo(p.owner.userId());
      assertThatThrownBy(() -> p.create(16)).isInstanceOfSatisfying(LimitExceededException.class,
          e -> assertThat(e.getMessage()).contains("storage.maxvolumesizeingb"));
      assertThatThrownBy(() -> p.store.create(none(Quotas.VOLUME_NUMBER, p.owner), none(Quotas.VOLUME_TOTAL_SIZE,
          p.owner), "nowhere", 1, null, ROOMY)).isInstanceOfSatisfying(InvalidException.class,
          e -> assertThat(e.resource()).isEqualTo(ResourceKind.AVAILABILITY_ZONE));
      // The zone's total counts every volume not deleted, of every account.
      VolumeStore.SizeLimits tight = new VolumeStore.SizeLimits(15, 20);
      assertThatThrownBy(() -> p.store.create(none(Quotas.VOLUME_NUMBER, p.owner),
          none(Quotas.VOLUME_TOTAL_SIZE, p.owner), "z1", 6, null, tight))
          .isInstanceOfSatisfying(LimitExceededException.class,
              e -> assertThat(e.getMessage()).contains("room for 5 GiB").contains("storage.maxtotalvolumesizeingb"));
      p.store.create(none(Quotas.VOLUME_NUMBER, p.owner), none(Quotas.VOLUME_TOTAL_SIZE, p.owner), "z2", 6, null,
          tight); // another zone has its own room
      p.store.forget(v.volumeId());
      assertThat(p.store.find(v.volumeId())).isEmpty();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void quotasCountNumberAndGiB(String kind) throws Exception {
    with(kind, p -> {
      QuotaClaim two = claim(Quotas.VOLUME_NUMBER, p.owner, 2L, null);
      QuotaClaim tenGiB = claim(Quotas.VOLUME_TOTAL_SIZE, p.owner, null, 10L);
      p.store.create(two, tenGiB, "z1", 4, null, ROOMY);
      p.store.create(two, tenGiB, "z1", 5, null, ROOMY);
      assertThatThrownBy(() -> p.store.create(two, none(Quotas.VOLUME_TOTAL_SIZE, p.owner), "z1", 1, null, ROOMY))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.resource()).isEqualTo(ResourceKind.VOLUME);
            assertThat(e.getMessage()).contains("quota of 2 volumes (ec2:quota-volumenumber)");
          });
      assertThatThrownBy(() -> p.store.create(none(Quotas.VOLUME_NUMBER, p.owner), tenGiB, "z1", 2, null, ROOMY))
          .isInstanceOfSatisfying(LimitExceededException.class,
              e -> assertThat(e.getMessage()).contains("quota of 10 GiB of volumes (ec2:quota-volumetotalsize)")
                  .contains("it has 9"));
      p.store.create(none(Quotas.VOLUME_NUMBER, p.owner), tenGiB, "z1", 1, null, ROOMY); // exactly 10
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void parallelCreatesNeverPassALimit(String kind) throws Exception {
    with(kind, p -> {
      // 12 requests of 4 GiB at once: the account may hold 20 GiB, the zone 500: 5 fit.
      QuotaClaim gib = claim(Quotas.VOLUME_TOTAL_SIZE, p.owner, null, 20L);
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add(() -> {
          try {
            p.store.create(none(Quotas.VOLUME_NUMBER, p.owner), gib, "z1", 4, null, new VolumeStore.SizeLimits(15, 500));
            return true;
          } catch (LimitExceededException e) {
            return false;
          }
        });
      }
      assertThat(created(calls)).isEqualTo(5);
      // And the zone's total, with no quota at all: 30 GiB of room left in z2's 30, 7 GiB each: 4 fit.
      calls.clear();
      for (int i = 0; i < 12; i++) {
        calls.add(() -> {
          try {
            p.store.create(none(Quotas.VOLUME_NUMBER, p.owner), none(Quotas.VOLUME_TOTAL_SIZE, p.owner), "z2", 7,
                null, new VolumeStore.SizeLimits(15, 30));
            return true;
          } catch (LimitExceededException e) {
            return false;
          }
        });
      }
      assertThat(created(calls)).isEqualTo(4);
    });
  }

  private static int created(List<Callable<Boolean>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      int n = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        n += f.get() ? 1 : 0;
      }
      return n;
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void stateMovesFromTheStorageControllersReports(String kind) throws Exception {
    with(kind, p -> {
      Volume ok = p.create(1);
      Volume bad = p.create(1);
      assertThat(p.store.unsettled("z1")).containsExactlyInAnyOrder(ok.volumeId(), bad.volumeId());
      p.store.reported(ok.volumeId(), "available", null);
      p.store.reported(bad.volumeId(), "failed", "no space left on the volume group");
      assertThat(p.state(ok.volumeId())).isEqualTo(Volume.AVAILABLE);
      assertThat(p.store.find(bad.volumeId()).orElseThrow().stateReason()).isEqualTo("no space left on the volume group");
      assertThat(p.state(bad.volumeId())).isEqualTo(Volume.ERROR);
      p.store.reported(ok.volumeId(), "creating", null); // never back
      assertThat(p.state(ok.volumeId())).isEqualTo(Volume.AVAILABLE);
      // Deleting: the tags go with the volume.
      p.db.run(s -> s.persist(new Tag(ok.volumeId(), "k", "v", "volume", p.owner.accountNumber())));
      p.store.beginDelete(p.owner.accountNumber(), false, ok.volumeId());
      assertThat(p.state(ok.volumeId())).isEqualTo(Volume.DELETING);
      assertThat(p.store.unsettled("z1")).contains(ok.volumeId());
      p.store.reported(ok.volumeId(), "deleted", null);
      assertThat(p.state(ok.volumeId())).isEqualTo("gone");
      long tags = p.db.inTransaction(s -> s.createQuery("select count(*) from Tag", Long.class).uniqueResult());
      assertThat(tags).isZero();
      // Only available (or failed) volumes are deleted; another account's is not found.
      Volume making = p.create(1);
      assertThatThrownBy(() -> p.store.beginDelete(p.owner.accountNumber(), false, making.volumeId()))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.resource()).isEqualTo(ResourceKind.VOLUME));
      assertThatThrownBy(() -> p.store.beginDelete("000000000000", false, making.volumeId()))
          .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo(ResourceKind.VOLUME));
      p.store.beginDelete(p.owner.accountNumber(), false, bad.volumeId());
      p.store.deleteRefused(bad.volumeId());
      assertThat(p.state(bad.volumeId())).isEqualTo(Volume.AVAILABLE);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void attachmentsAreCheckedAndFollowTheClustersReports(String kind) throws Exception {
    with(kind, p -> {
      String acct = p.owner.accountNumber();
      String running = p.instance("i-00000001", "z1", InstanceState.RUNNING);
      String pending = p.instance("i-00000002", "z1", InstanceState.PENDING);
      String elsewhere = p.instance("i-00000003", "z2", InstanceState.RUNNING);
      Volume v = p.available(1);
      Volume w = p.available(1);
      assertThatThrownBy(() -> p.store.beginAttach(acct, false, v.volumeId(), pending, "/dev/sdf"))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.resource()).isEqualTo(ResourceKind.INSTANCE));
      assertThatThrownBy(() -> p.store.beginAttach(acct, false, v.volumeId(), elsewhere, "/dev/sdf"))
          .isInstanceOfSatisfying(ConflictException.class,
              e -> assertThat(e.resource()).isEqualTo(ResourceKind.AVAILABILITY_ZONE));
      assertThatThrownBy(() -> p.store.beginAttach(acct, false, v.volumeId(), "i-0000000f", "/dev/sdf"))
          .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo(ResourceKind.INSTANCE));
      VolumeStore.AttachFacts facts = p.store.beginAttach(acct, false, v.volumeId(), running, "/dev/sdf");
      assertThat(facts.node()).isEqualTo("http://127.0.0.1:8775/axis2/services/EucalyptusNC");
      assertThat(facts.zone()).isEqualTo("z1");
      assertThat(p.state(v.volumeId())).isEqualTo(Volume.IN_USE);
      assertThatThrownBy(() -> p.store.beginAttach(acct, false, v.volumeId(), running, "/dev/sdg"))
          .isInstanceOfSatisfying(ConflictException.class,
              e -> assertThat(e.resource()).isEqualTo(ResourceKind.VOLUME_ATTACHMENT));
      assertThatThrownBy(() -> p.store.beginAttach(acct, false, w.volumeId(), running, "/dev/sdf"))
          .isInstanceOf(InvalidException.class).hasMessageContaining("already in use");
      assertThatThrownBy(() -> p.store.beginDelete(acct, false, v.volumeId()))
          .isInstanceOfSatisfying(ConflictException.class,
              e -> assertThat(e.resource()).isEqualTo(ResourceKind.VOLUME_ATTACHMENT));
      // A snapshot may be taken of a volume in use.
      assertThat(p.store.forSnapshot(acct, v.volumeId())).isEqualTo(new VolumeLookup.VolumeFacts(v.volumeId(), "z1", 1));

      // The node reports it attached; DescribeInstances' mapping shows it.
      assertThat(p.store.applyClusterReport("z1", Map.of(running, Map.of(v.volumeId(), "attached")))).isEmpty();
      assertThat(p.store.attachmentsOf(List.of(running)).get(running)).singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo(VolumeAttachment.ATTACHED));

      // Detach names the wrong device: InvalidAttachment.NotFound; then detaching, and gone once the node no longer has it.
      assertThatThrownBy(() -> p.store.beginDetach(acct, false, v.volumeId(), running, "/dev/sdh"))
          .isInstanceOfSatisfying(NotFoundException.class,
              e -> assertThat(e.resource()).isEqualTo(ResourceKind.VOLUME_ATTACHMENT));
      p.store.beginDetach(acct, false, v.volumeId(), running, null);
      assertThat(p.store.applyClusterReport("z1", Map.of(running, Map.of())))
          .containsExactly(new VolumeStore.Release(v.volumeId(), running, "z1", false));
      assertThat(p.state(v.volumeId())).isEqualTo(Volume.AVAILABLE);
      assertThatThrownBy(() -> p.store.beginDetach(acct, false, v.volumeId(), null, null))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.resource()).isEqualTo(ResourceKind.VOLUME));

      // An instance that ends gives its volumes back; one marked DeleteOnTermination is deleted.
      p.store.beginAttach(acct, false, v.volumeId(), running, "/dev/sdf");
      p.store.beginAttach(acct, false, w.volumeId(), running, "/dev/sdg");
      p.store.setDeleteOnTermination(w.volumeId(), true);
      p.db.run(s -> s.find(Instance.class, running).advance(InstanceState.TERMINATED, null, Instant.now()));
      assertThat(p.store.applyClusterReport("z1", Map.of())).containsExactlyInAnyOrder(
          new VolumeStore.Release(v.volumeId(), running, "z1", false),
          new VolumeStore.Release(w.volumeId(), running, "z1", true));
      assertThat(p.state(v.volumeId())).isEqualTo(Volume.AVAILABLE);
      assertThat(p.state(w.volumeId())).isEqualTo(Volume.DELETING);
      assertThat(p.store.attachmentsOf(List.of(running))).isEmpty();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aStoppedInstanceTakesAndGivesVolumesAtOnceAndOneBetweenStatesIsIncorrectState(String kind) throws Exception {
    with(kind, p -> {
      String acct = p.owner.accountNumber();
      String stopped = p.instance("i-00000001", "z1", InstanceState.STOPPED);
      String stopping = p.instance("i-00000002", "z1", InstanceState.STOPPING);
      String pending = p.instance("i-00000003", "z1", InstanceState.PENDING);
      Volume v = p.available(1);
      Volume w = p.available(1);
      // Attached to a stopped instance: recorded attached at once (no node to plug it), the volume in use.
      VolumeStore.AttachFacts facts = p.store.beginAttach(acct, false, v.volumeId(), stopped, "/dev/sdf");
      assertThat(facts.stopped()).isTrue();
      assertThat(p.state(v.volumeId())).isEqualTo(Volume.IN_USE);
      assertThat(p.store.attachmentsOf(List.of(stopped)).get(stopped)).singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo(VolumeAttachment.ATTACHED));
      // Neither attached to nor detached from an instance on its way between states.
      for (String between : List.of(stopping, pending)) {
        assertThatThrownBy(() -> p.store.beginAttach(acct, false, w.volumeId(), between, "/dev/sdg"))
            .isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.resource()).isEqualTo(ResourceKind.INSTANCE));
      }
      assertThat(p.state(w.volumeId())).isEqualTo(Volume.AVAILABLE);
      p.store.attachAtLaunch(w.volumeId(), pending, "/dev/sdg", false);
      assertThatThrownBy(() -> p.store.beginDetach(acct, false, w.volumeId(), null, null))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.resource()).isEqualTo(ResourceKind.INSTANCE));
      assertThat(p.store.attachmentsOf(List.of(pending)).get(pending)).singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo(VolumeAttachment.ATTACHING));
      // Detached from the stopped instance: gone at once, the volume available, nothing for a report to do.
      VolumeStore.Detach d = p.store.beginDetach(acct, false, v.volumeId(), stopped, "/dev/sdf");
      assertThat(d.stopped()).isTrue();
      assertThat(d.attachment().instanceId()).isEqualTo(stopped);
      assertThat(p.state(v.volumeId())).isEqualTo(Volume.AVAILABLE);
      assertThat(p.store.attachmentsOf(List.of(stopped))).isEmpty();
      // A root device name takes a volume only as the stopped instance's own root (given back to it).
      assertThatThrownBy(() -> p.store.beginAttach(acct, false, v.volumeId(), stopped, "/dev/xvda"))
          .isInstanceOf(InvalidException.class).hasMessageContaining("/dev/sda1");
      assertThat(p.store.beginAttach(acct, false, v.volumeId(), stopped, "/dev/sda1").stopped()).isTrue();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aFailedAttachLeavesTheVolumeAvailable(String kind) throws Exception {
    with(kind, p -> {
      String running = p.instance("i-00000001", "z1", InstanceState.RUNNING);
      Volume v = p.available(1);
      p.store.beginAttach(p.owner.accountNumber(), false, v.volumeId(), running, "/dev/vdb");
      p.store.attachFailed(v.volumeId(), running);
      assertThat(p.state(v.volumeId())).isEqualTo(Volume.AVAILABLE);
      // The node's "attaching failed" does the same, and its export is to be ended.
      p.store.beginAttach(p.owner.accountNumber(), false, v.volumeId(), running, "/dev/vdb");
      assertThat(p.store.applyClusterReport("z1", Map.of(running, Map.of(v.volumeId(), "attaching failed"))))
          .containsExactly(new VolumeStore.Release(v.volumeId(), running, "z1", false));
      assertThat(p.state(v.volumeId())).isEqualTo(Volume.AVAILABLE);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void onlyExportsTheCloudHasNoAttachmentForAreEndedByTheStorageSync(String kind) throws Exception {
    with(kind, p -> {
      Volume free = p.available(1);
      Volume attached = p.available(1);
      Volume stoppedOnes = p.available(1);
      String running = p.instance("i-00000001", "z1", InstanceState.RUNNING);
      String stopped = p.instance("i-00000002", "z1", InstanceState.STOPPED);
      p.store.beginAttach(p.owner.accountNumber(), false, attached.volumeId(), running, "/dev/sdf");
      p.store.beginAttach(p.owner.accountNumber(), false, stoppedOnes.volumeId(), stopped, "/dev/sdg");
      assertThat(p.store.attachedPairs("z1")).containsExactlyInAnyOrder(attached.volumeId() + " " + running,
          stoppedOnes.volumeId() + " " + stopped);
      assertThat(p.store.attachedPairs("z2")).isEmpty();
      List<String> ended = new java.util.ArrayList<>();
      java.util.function.BiFunction<String, String, Boolean> end = (v, i) -> p.store.endStaleExport(v, i,
          () -> ended.add(v + " " + i));
      // An available volume with no attachment: any export of it is stale.
      assertThat(end.apply(free.volumeId(), running)).isTrue();
      // An attachment (attaching here, or of a stopped instance) keeps its export; one to another instance does not.
      assertThat(end.apply(attached.volumeId(), running)).isFalse();
      assertThat(end.apply(stoppedOnes.volumeId(), stopped)).isFalse();
      assertThat(end.apply(attached.volumeId(), stopped)).isTrue();
      // A volume the cloud does not have is not the cloud's to end.
      assertThat(end.apply("vol-0000ffff", running)).isFalse();
      assertThat(ended).containsExactly(free.volumeId() + " " + running, attached.volumeId() + " " + stopped);
      // Once detached (the attachment gone), the export left behind is stale.
      p.store.detachedNow(attached.volumeId(), running);
      assertThat(end.apply(attached.volumeId(), running)).isTrue();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void theSyncsApplyTheStorageAndClusterReports(String kind) throws Exception {
    with(kind, p -> {
      var storage = new org.eucalyptus.clc.storage.UnregisteredStorage();
      StorageVolumeSync scSync = new StorageVolumeSync(p.store, storage, java.time.Duration.ofSeconds(5));
      Volume made = p.create(1);
      Volume failed = p.create(1);
      Volume notYet = p.create(1);
      Volume removed = p.available(1);
      p.store.beginDelete(p.owner.accountNumber(), false, removed.volumeId());
      scSync.apply("z1", List.of(scVolume(made.volumeId(), "available", null),
          scVolume(failed.volumeId(), "failed", "out of space")));
      assertThat(p.state(made.volumeId())).isEqualTo(Volume.AVAILABLE);
      assertThat(p.state(failed.volumeId())).isEqualTo(Volume.ERROR);
      assertThat(p.state(notYet.volumeId())).isEqualTo(Volume.CREATING); // the SC has not reported it yet
      assertThat(p.state(removed.volumeId())).isEqualTo("gone"); // the SC no longer has it: deleted

      // The cluster's report: the node has the volume attached.
      String running = p.instance("i-00000001", "z1", InstanceState.RUNNING);
      p.store.beginAttach(p.owner.accountNumber(), false, made.volumeId(), running, "/dev/sdf");
      AttachmentSync attachments = new AttachmentSync(new VolumeService(p.store, storage, storage,
          new ClusterRegistry(p.db, Clock.systemUTC()), new org.eucalyptus.clc.clusters.ClusterClients()));
      org.eucalyptus.wsdl.types.CcInstanceType reported = new org.eucalyptus.wsdl.types.CcInstanceType();
      reported.setInstanceId(running.toUpperCase(java.util.Locale.ROOT).replace("I-", "i-"));
      org.eucalyptus.wsdl.types.VolumeType onNode = new org.eucalyptus.wsdl.types.VolumeType();
      onNode.setVolumeId(made.volumeId());
      onNode.setState("attached");
      reported.getVolumes().add(onNode);
      attachments.reported("z1", List.of(reported));
      assertThat(p.store.attachmentsOf(List.of(running)).get(running)).singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo(VolumeAttachment.ATTACHED));
    });
  }

  static org.eucalyptus.wsdl.sc.StorageVolumeType scVolume(String id, String status, String reason) {
    org.eucalyptus.wsdl.sc.StorageVolumeType v = new org.eucalyptus.wsdl.sc.StorageVolumeType();
    v.setVolumeId(id);
    v.setSize(1);
    v.setStatus(status);
    v.setStatusReason(reason);
    return v;
  }
}
