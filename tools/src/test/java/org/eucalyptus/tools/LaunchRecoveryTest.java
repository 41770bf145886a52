package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * Launches that a crash, a refusal or a concurrent retry could leave half done, on a real chain:
 * one node controller (libvirt test driver, 4 cores), a cluster controller, and the cloud
 * controller with Walrus, each on a loopback port of its own.
 */
@IntegrationTest
class LaunchRecoveryTest {
  @TempDir Path tmp;
  NodeController nc;
  ClusterController cc;
  CloudMain cloud;
  Ec2Client ec2;
  TestPostgres postgres;
  String emi;
  /** Where the cloud controller finds the cluster controller (0: the CC's own port). */
  int clusterPort;

  @BeforeEach
  void startClusterAndNode() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of(
        "NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100"))
        .with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString()));
    nc.start();
    cc = new ClusterController(EucaConf.of(Map.of(
        "CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1", "SCHEDPOLICY", "ROUNDROBIN", "NODES", "127.0.0.1:" + nc.port()))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    cc.start();
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, cc, nc, postgres}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  /** Starts the cloud controller (again) on this test's data directory, and waits for its cluster. */
  private void startCloud(Map<String, String> database) throws Exception {
    startCloud(database, new org.eucalyptus.common.util.IdSource());
  }

  private void startCloud(Map<String, String> database, org.eucalyptus.common.util.IdSource ids) throws Exception {
    Map<String, String> settings = new HashMap<>(Map.of(
        "CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1", "CLC_DATA_DIR", tmp.resolve("clc").toString(),
        "CLC_CLUSTERS", "cluster01=127.0.0.1:" + (clusterPort == 0 ? cc.port() : clusterPort)));
    settings.putAll(database);
    cloud = new CloudMain(new CloudController(EucaConf.of(settings), ids), EucaConf.of(settings));
    ec2 = Ec2Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey())))
        .httpClient(Apache5HttpClient.create())
        // No retries by the SDK: each call is one request, so a refusal shows (and is not retried away).
        .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build();
    if (emi == null) {
      Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
      String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc",
          cloud.clc().dataDir().resolve("eucarc").toString(), "--file", image.toString())).isZero());
      emi = out.strip().split("\t")[1];
    }
  }

  private void awaitZone() throws Exception {
    EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(20), () -> ec2.describeAvailabilityZones()
        .availabilityZones().stream().anyMatch(z -> z.zoneName().equals("cluster01")
            && z.stateAsString().equals("available")));
  }

  private void stopCloud() {
    ec2.close();
    cloud.close();
    ec2 = null;
    cloud = null;
  }

  /** Every instance the cloud shows, of every account (terminated ones too, while they are shown). */
  private List<Instance> allInstances() {
    return ec2.describeInstances(r -> r.instanceIds("verbose")).reservations().stream()
        .flatMap(r -> r.instances().stream()).toList();
  }

  private Instance instance(String id) {
    return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  private void awaitState(List<String> ids, InstanceStateName want, Duration timeout) throws Exception {
    EndToEndTest.awaitTrue("instances " + ids + " " + want, timeout, () -> ec2.describeInstances(r -> r.instanceIds(ids))
        .reservations().stream().flatMap(r -> r.instances().stream()).allMatch(i -> i.state().name() == want));
  }

  @Test
  void pendingLaunchesOfAnEarlierRunAreResumedWithinSecondsOfTheNextStart() throws Exception {
    startCloud(Map.of());
    awaitZone();
    String running = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
    awaitState(List.of(running), InstanceStateName.RUNNING, Duration.ofSeconds(20));
    AccessKeyOwner admin = cloud.clc().admin();
    stopCloud();

    // What a CLC killed between its database write and the cluster's answer leaves: pending records
    // the cluster never heard of. Written through the CLC's own store, while it is down. One
    // launch's image has been deregistered since.
    List<String> interrupted = List.of("i-0bad0001", "i-0bad0002");
    Instant launched = Instant.now().minusSeconds(30);
    try (Database db = new Database(DatabaseSettings.embedded(tmp.resolve("clc")), CloudController.ENTITIES)) {
      db.run(s -> {
        for (int i = 0; i < interrupted.size(); i++) {
          s.persist(new org.eucalyptus.clc.instances.Instance(interrupted.get(i), "r-0bad0000", admin.accountNumber(),
              admin.userId(), emi, null, null, "m1.small", "cluster01", null, null, i, "d0:0d:0b:ad:00:0" + (i + 1),
              "retry-after-crash", List.of(), launched));
        }
        s.persist(new org.eucalyptus.clc.instances.Instance("i-0bad0009", "r-0bad0009", admin.accountNumber(),
            admin.userId(), "emi-0dead000", null, null, "m1.small", "cluster01", null, null, 0, "d0:0d:0b:ad:00:09",
            null, List.of(), launched));
      });
    }

    long t0 = System.nanoTime();
    startCloud(Map.of());
    // The client that sent the interrupted request retries it with its client token: it gets the
    // ids the earlier run recorded, and those instances must come up.
    RunInstancesResponse retry = ec2.runInstances(r -> r.imageId(emi).minCount(2).maxCount(2)
        .clientToken("retry-after-crash"));
    assertThat(retry.reservationId()).isEqualTo("r-0bad0000");
    assertThat(retry.instances()).extracting(Instance::instanceId).containsExactlyElementsOf(interrupted);
    awaitState(interrupted, InstanceStateName.RUNNING, Duration.ofSeconds(10));
    System.out.println("start -> interrupted launches running: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    EndToEndTest.awaitTrue("the launch that cannot be resumed ended", Duration.ofSeconds(5),
        () -> instance("i-0bad0009").state().name() == InstanceStateName.TERMINATED);
    assertThat(instance("i-0bad0009").stateReason().message()).contains("Launch interrupted")
        .contains("emi-0dead000 no longer exists");
    // What the cluster does run is left alone, and the cluster started each resumed instance once:
    // the node's four cores hold the three instances and one more.
    assertThat(instance(running).state().name()).isEqualTo(InstanceStateName.RUNNING);
    String fourth = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
    List<String> all = List.of(running, interrupted.get(0), interrupted.get(1), fourth);
    ec2.terminateInstances(r -> r.instanceIds(all));
    awaitState(all, InstanceStateName.TERMINATED, Duration.ofSeconds(20));
  }

  @Test
  void aLaunchWhoseAnswerIsLostIsSentAgainAndStartsOnce() throws Exception {
    try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(cc.port(), "RunInstances")) {
      clusterPort = proxy.port();
      startCloud(Map.of());
      awaitZone();
      // The cluster controller starts the instances, and its answer never reaches the CLC (as if
      // it had died right after): the CLC cannot know, and sends the launch again.
      proxy.dropNext(1);
      RunInstancesResponse run = ec2.runInstances(r -> r.imageId(emi).minCount(2).maxCount(2));
      assertThat(proxy.dropped()).isEqualTo(1);
      List<String> ids = run.instances().stream().map(Instance::instanceId).toList();
      assertThat(ids).hasSize(2);
      awaitState(ids, InstanceStateName.RUNNING, Duration.ofSeconds(20));
      // Nothing else was made, and the node holds each instance once: its four cores fit two more.
      assertThat(allInstances()).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(ids);
      List<String> more = ec2.runInstances(r -> r.imageId(emi).minCount(2).maxCount(2)).instances().stream()
          .map(Instance::instanceId).toList();
      List<String> all = new ArrayList<>(ids);
      all.addAll(more);
      ec2.terminateInstances(r -> r.instanceIds(all));
      awaitState(all, InstanceStateName.TERMINATED, Duration.ofSeconds(20));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void concurrentRetriesWithOneClientTokenMakeOneReservation(String kind) throws Exception {
    if (kind.equals("postgresql")) {
      postgres = TestPostgres.create("euca_e2e");
    }
    startCloud(postgres == null ? Map.of() : postgres.settings("CLC"));
    awaitZone();
    int retries = 8;
    ExecutorService pool = Executors.newFixedThreadPool(retries);
    List<RunInstancesResponse> answers = new ArrayList<>();
    try {
      List<Callable<RunInstancesResponse>> calls = new ArrayList<>();
      for (int i = 0; i < retries; i++) {
        calls.add(() -> ec2.runInstances(r -> r.imageId(emi).minCount(2).maxCount(2).clientToken("retry-me")));
      }
      for (Future<RunInstancesResponse> f : pool.invokeAll(calls)) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(answers).extracting(RunInstancesResponse::reservationId).as("reservations made").containsOnly(
        answers.get(0).reservationId());
    List<String> ids = answers.get(0).instances().stream().map(Instance::instanceId).sorted().toList();
    assertThat(answers).allSatisfy(a -> assertThat(a.instances()).extracting(Instance::instanceId)
        .containsExactlyInAnyOrderElementsOf(ids));
    assertThat(allInstances()).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(ids);
    awaitState(ids, InstanceStateName.RUNNING, Duration.ofSeconds(20));
    ec2.terminateInstances(r -> r.instanceIds(ids));
    awaitState(ids, InstanceStateName.TERMINATED, Duration.ofSeconds(20));
  }

  @Test
  void aRefusedLaunchLeavesNoInstanceBehind() throws Exception {
    startCloud(Map.of());
    awaitZone();
    for (int i = 0; i < 3; i++) {
      // One node of 4 cores: no room for 9 m1.small.
      assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(emi).minCount(9).maxCount(9)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientInstanceCapacity"));
    }
    assertThat(allInstances()).as("instances after refused launches").isEmpty();
    // Up to 9 where there is room for 4: the 4 exist, the 5 that found no room never did.
    List<String> got = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(9)).instances().stream()
        .map(Instance::instanceId).toList();
    assertThat(got).hasSize(4);
    assertThat(allInstances()).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(got);
    ec2.terminateInstances(r -> r.instanceIds(got));
    awaitState(got, InstanceStateName.TERMINATED, Duration.ofSeconds(20));
  }

  @Test
  void aTerminatedInstanceShowsNoAddressesAndGivesThemBack() throws Exception {
    startCloud(Map.of());
    awaitZone();
    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    assertThat(EucaAdmin.run("set-addresses", "--eucarc", eucarc, "cluster01", "198.51.100.1-198.51.100.2")).isZero();
    String id = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
    awaitState(List.of(id), InstanceStateName.RUNNING, Duration.ofSeconds(20));
    String lent = instance(id).publicIpAddress();
    assertThat(lent).startsWith("198.51.100.");
    String elastic = ec2.allocateAddress().publicIp();
    ec2.associateAddress(r -> r.publicIp(elastic).instanceId(id));
    assertThat(instance(id).publicIpAddress()).isEqualTo(elastic);

    ec2.terminateInstances(r -> r.instanceIds(id));
    awaitState(List.of(id), InstanceStateName.TERMINATED, Duration.ofSeconds(20));
    Instance gone = instance(id);
    assertThat(gone.publicIpAddress()).as("public address of a terminated instance").isNull();
    assertThat(gone.privateIpAddress()).as("private address of a terminated instance").isNull();
    // The elastic address stays the account's, associated with nothing; the lent one is free again.
    EndToEndTest.awaitTrue("addresses given back", Duration.ofSeconds(10), () ->
        ec2.describeAddresses(r -> r.publicIps("verbose")).addresses().stream().allMatch(a ->
            a.publicIp().equals(elastic) ? a.instanceId().startsWith("nobody") : "available".equals(a.instanceId())));
    assertThat(ec2.describeAddresses().addresses()).singleElement().satisfies(a -> {
      assertThat(a.publicIp()).isEqualTo(elastic);
      assertThat(a.instanceId()).isNullOrEmpty();
    });
  }

  @Test
  void anInstanceIdThatIsTakenIsDrawnAgain() throws Exception {
    startCloud(Map.of());
    AccessKeyOwner admin = cloud.clc().admin();
    stopCloud();
    // The CLC will draw its ids from a source seeded with 99. A twin source tells which ids those
    // are: the first 8 are taken here by (terminated) instances, so its first launch clashes.
    org.eucalyptus.common.util.IdSource twin = new org.eucalyptus.common.util.IdSource(new java.util.Random(99));
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      taken.add(twin.next("i"));
    }
    try (Database db = new Database(DatabaseSettings.embedded(tmp.resolve("clc")), CloudController.ENTITIES)) {
      db.run(s -> {
        for (String id : taken) {
          var old = new org.eucalyptus.clc.instances.Instance(id, "r-00000000", admin.accountNumber(), admin.userId(),
              emi, null, null, "m1.small", "cluster01", null, null, 0, "d0:0d:00:00:00:00", null, List.of(),
              Instant.now().minusSeconds(60));
          old.advance(org.eucalyptus.clc.instances.InstanceState.TERMINATED, "earlier", Instant.now().minusSeconds(30));
          s.persist(old);
        }
      });
    }
    startCloud(Map.of(), new org.eucalyptus.common.util.IdSource(new java.util.Random(99)));
    awaitZone();
    String id = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
    assertThat(id).matches("i-[0-9a-f]{8}").isNotIn(taken);
    awaitState(List.of(id), InstanceStateName.RUNNING, Duration.ofSeconds(20));
    ec2.terminateInstances(r -> r.instanceIds(id));
    awaitState(List.of(id), InstanceStateName.TERMINATED, Duration.ofSeconds(20));
  }
}
