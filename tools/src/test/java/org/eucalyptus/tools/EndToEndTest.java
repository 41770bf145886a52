package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * The whole chain on loopback: two node controllers (libvirt test driver), a cluster controller,
 * and the cloud controller with Walrus, each on its own port and talking only SOAP and HTTP; driven
 * with the AWS SDK for Java as a user would.
 */
@IntegrationTest
class EndToEndTest {
  @TempDir static Path tmp;
  static NodeController nc1;
  static NodeController nc2;
  static ClusterController cc;
  static CloudMain cloud;
  static String emi;
  static Ec2Client ec2;
  static TestPostgres postgres;

  @BeforeAll
  static void startTheCloud() throws Exception {
    Libvirt.requireOrSkip();
    nc1 = node("nc1");
    nc2 = node("nc2");
    cc = new ClusterController(EucaConf.of(Map.of(
        "CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1", "SCHEDPOLICY", "ROUNDROBIN",
        "NODES", "127.0.0.1:" + nc1.port() + " 127.0.0.1:" + nc2.port()))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    cc.start();
    // The same story on PostgreSQL when the build asks for it (euca.test.db=postgresql).
    postgres = TestPostgres.requested() ? TestPostgres.create("euca_e2e") : null;
    cloud = new CloudMain(EucaConf.of(Map.of(
        "CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1", "CLC_DATA_DIR", tmp.resolve("clc").toString(),
        "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port()))
        .with(postgres == null ? Map.of() : postgres.settings("CLC")));
    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String out = captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc", eucarc.toString(),
        "--file", image.toString())).isZero());
    emi = out.strip().split("\t")[1];
    assertThat(emi).matches("emi-[0-9a-f]{8}");
    ec2 = ec2(cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey());
  }

  static NodeController node(String name) throws Exception {
    NodeController nc = new NodeController(EucaConf.of(Map.of(
        "NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve(name).toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100"))
        .with("NC_KEYS_DIR", tmp.resolve(name + "-keys").toString()));
    nc.start();
    return nc;
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, cc, nc2, nc1, postgres}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  static Ec2Client ec2(String accessKey, String secret) {
    return ec2At(cloud.port(), accessKey, secret);
  }

  /** An EC2 client of the cloud controller on {@code port}, as this user. */
  static Ec2Client ec2At(int port, String accessKey, String secret) {
    return ec2At(port, accessKey, secret, true);
  }

  /** As {@link #ec2At(int, String, String)}; without retries each call is one request, seen as answered. */
  static Ec2Client ec2At(int port, String accessKey, String secret, boolean retries) {
    var builder = Ec2Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClient(Apache5HttpClient.create());
    if (!retries) {
      builder.overrideConfiguration(c -> c.retryStrategy(
          software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()));
    }
    return builder.build();
  }

  @Test
  void runThreeInstancesToRunningAndTerminated() throws Exception {
    awaitTrue("cluster01 available", Duration.ofSeconds(20), () -> ec2.describeAvailabilityZones()
        .availabilityZones().stream().anyMatch(z -> z.zoneName().equals("cluster01") && z.stateAsString().equals("available")));

    long t0 = System.nanoTime();
    RunInstancesResponse run = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(3).maxCount(3));
    List<String> ids = run.instances().stream().map(Instance::instanceId).toList();
    assertThat(ids).hasSize(3).allMatch(id -> id.matches("i-[0-9a-f]{8}"));
    // The chain is quick enough that an instance may already run by the time RunInstances answers.
    assertThat(run.instances()).allMatch(i -> i.state().name() == InstanceStateName.PENDING
        || i.state().name() == InstanceStateName.RUNNING);
    assertThat(run.reservationId()).startsWith("r-");

    awaitStates(ids, InstanceStateName.RUNNING, Duration.ofSeconds(20));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("RunInstances -> running for 3 instances: " + ms + " ms");

    List<Instance> running = ec2.describeInstances(r -> r
        .filters(Filter.builder().name("instance-state-name").values("running").build()))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    assertThat(running).extracting(Instance::instanceId).containsAll(ids);
    assertThat(running).allSatisfy(i -> {
      assertThat(i.imageId()).isEqualTo(emi);
      assertThat(i.placement().availabilityZone()).isEqualTo("cluster01");
      assertThat(i.instanceTypeAsString()).isEqualTo("m1.small");
    });

    // Tags and groups on the instances, and the filters on them.
    ec2.createTags(r -> r.resources(ids.get(0)).tags(Tag.builder().key("role").value("db").build()));
    List<Instance> tagged = ec2.describeInstances(r -> r
        .filters(Filter.builder().name("tag:role").values("db").build()))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    assertThat(tagged).extracting(Instance::instanceId).containsExactly(ids.get(0));
    assertThat(tagged.get(0).tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("role=db");
    assertThat(running).allSatisfy(i -> assertThat(i.securityGroups()).extracting(g -> g.groupName())
        .containsExactly("default"));

    // Console output comes from the instance's node (the test driver writes none, so put a line there).
    String first = ids.get(0);
    Path console = findConsole(first);
    Files.writeString(console, "EUCA-MARKER: hello from " + first + "\n");
    String out = ec2.getConsoleOutput(r -> r.instanceId(first)).output();
    assertThat(new String(java.util.Base64.getDecoder().decode(out), StandardCharsets.UTF_8))
        .contains("EUCA-MARKER: hello from " + first);
    ec2.rebootInstances(r -> r.instanceIds(first));
    assertThat(ec2.describeInstanceStatus(r -> r.instanceIds(ids)).instanceStatuses())
        .allSatisfy(st -> assertThat(st.instanceStatus().statusAsString()).isEqualTo("ok"));

    var term = ec2.terminateInstances(r -> r.instanceIds(ids));
    assertThat(term.terminatingInstances()).allSatisfy(c -> {
      assertThat(c.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
      assertThat(c.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
    });
    awaitStates(ids, InstanceStateName.TERMINATED, Duration.ofSeconds(20));
  }

  @Test
  void accountsSeeOnlyTheirOwnInstancesButTheAdminCanAskForAll() throws Exception {
    cloud.clc().identity().createAccount("e2e-tenant");
    var key = cloud.clc().identity().createAccessKey("e2e-tenant", "admin");
    try (Ec2Client tenant = ec2(key.accessKeyId(), key.secretKey())) {
      String mine = tenant.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
      awaitTrue("tenant instance running", Duration.ofSeconds(20), () -> tenant.describeInstances(r -> r.instanceIds(mine))
          .reservations().get(0).instances().get(0).state().name() == InstanceStateName.RUNNING);
      List<String> adminView = ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
          .map(Instance::instanceId).toList();
      assertThat(adminView).doesNotContain(mine);
      List<String> verbose = ec2.describeInstances(r -> r.instanceIds("verbose")).reservations().stream()
          .flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
      assertThat(verbose).contains(mine);
      String adminOwn = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
      assertThatThrownBy(() -> tenant.terminateInstances(r -> r.instanceIds(adminOwn)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
      assertThat(tenant.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
          .map(Instance::instanceId).toList()).containsExactly(mine);
      tenant.terminateInstances(r -> r.instanceIds(mine));
      ec2.terminateInstances(r -> r.instanceIds(adminOwn));
      awaitStates(List.of(adminOwn), InstanceStateName.TERMINATED, Duration.ofSeconds(20));
    }
  }

  @Test
  void publicAddressesAreLentAtLaunchAndElasticOnesFollowAssociation() throws Exception {
    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    assertThat(EucaAdmin.run("set-addresses", "--eucarc", eucarc, "cluster01", "198.51.100.1-198.51.100.3")).isZero();
    String id = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
    awaitStates(List.of(id), InstanceStateName.RUNNING, Duration.ofSeconds(20));
    String lent = publicIp(id);
    assertThat(lent).startsWith("198.51.100.");

    String elastic = ec2.allocateAddress().publicIp();
    assertThat(elastic).isNotEqualTo(lent);
    ec2.associateAddress(r -> r.publicIp(elastic).instanceId(id));
    assertThat(publicIp(id)).isEqualTo(elastic);
    assertThat(ec2.describeAddresses(r -> r.publicIps(elastic)).addresses().get(0).instanceId()).isEqualTo(id);
    ec2.disassociateAddress(r -> r.publicIp(elastic));
    assertThat(publicIp(id)).isNotNull().isNotEqualTo(elastic).startsWith("198.51.100.");
    ec2.releaseAddress(r -> r.publicIp(elastic));

    ec2.terminateInstances(r -> r.instanceIds(id));
    awaitStates(List.of(id), InstanceStateName.TERMINATED, Duration.ofSeconds(20));
    awaitTrue("addresses back in the pool", Duration.ofSeconds(10), () ->
        ec2.describeAddresses(r -> r.publicIps("verbose")).addresses().stream()
            .allMatch(a -> "available".equals(a.instanceId())));
  }

  private static String publicIp(String instanceId) {
    return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .publicIpAddress();
  }

  private static Path findConsole(String instanceId) throws Exception {
    try (var walk = Files.walk(tmp)) {
      return walk.filter(p -> p.endsWith(Path.of(instanceId, "console.log"))).findFirst().orElseThrow();
    }
  }

  @Test
  void verboseZonesShowFreeAndMaxPerTypeAndFollowTypeChanges() throws Exception {
    awaitTrue("both nodes counted", Duration.ofSeconds(20), () -> verboseRow("m1.small").startsWith("0008 / 0008"));
    assertThat(verboseRow("c1.xlarge")).isEqualTo("0002 / 0002   4   2048    20");
    assertThat(verboseRow("vm types")).isEqualTo("free / max   cpu   ram  disk");

    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    String out = captureStdout(() -> assertThat(EucaAdmin.run("modify-instance-type", "--eucarc", eucarc,
        "m1.small", "--cpus", "2", "--memory", "256")).isZero());
    assertThat(out).contains("m1.small\t2\t256\t2");
    assertThat(verboseRow("m1.small")).isEqualTo("0004 / 0004   2    256     2");
    assertThat(ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("m1.small")).instanceTypes().get(0)
        .vCpuInfo().defaultVCpus()).isEqualTo(2);
    assertThat(EucaAdmin.run("modify-instance-type", "--eucarc", eucarc, "m1.small", "--reset")).isZero();
    assertThat(verboseRow("m1.small")).startsWith("0008 / 0008   1    128");
  }

  private static String verboseRow(String type) {
    return ec2.describeAvailabilityZones(r -> r.zoneNames("verbose")).availabilityZones().stream()
        .filter(z -> z.zoneName().equals("|- " + type)).map(z -> z.stateAsString()).findFirst().orElse("");
  }

  @Test
  void aReservationLargerThanTheCloudIsRefused() {
    // Two nodes of 4 cores: no room for 9 m1.small.
    assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(9).maxCount(9)))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientInstanceCapacity"));
  }

  @Test
  void aWrongSecretKeyIsAuthFailure() {
    try (Ec2Client wrong = ec2(cloud.clc().admin().accessKeyId(), "wrong-secret")) {
      assertThatThrownBy(wrong::describeInstances).isInstanceOfSatisfying(Ec2Exception.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
        assertThat(e.statusCode()).isEqualTo(401);
      });
    }
  }

  @Test
  void walrusListsTheAdminsBuckets() {
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Walrus"))
        .forcePathStyle(true)
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey())))
        .httpClient(Apache5HttpClient.create())
        .build()) {
      s3.createBucket(b -> b.bucket("e2e-bucket"));
      assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("e2e-bucket");
      assertThat(s3.listBuckets().owner().id()).isEqualTo(cloud.clc().admin().accountNumber());
    }
  }

  private static void awaitStates(List<String> ids, InstanceStateName want, Duration timeout) throws Exception {
    awaitTrue("instances " + want, timeout, () -> ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
        .flatMap(r -> r.instances().stream()).allMatch(i -> i.state().name() == want));
  }

  static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static String captureStdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
