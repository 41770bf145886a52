package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * Two front ends of the cloud controller, each its own process, on one PostgreSQL, over one cluster
 * controller and two node controllers (libvirt's test driver): a burst of launches through both,
 * the leader killed with SIGKILL in the middle of it. The other leads within 10 s; every instance
 * the API answered for runs, once; no address is lent twice. A launch the dead front end did not
 * answer is sent again by its client, with its client token, to the other front end.
 */
@IntegrationTest
class TwoFrontEndsTest {
  /** Ports of this test's own (helper range 21xxx). */
  private static final int FE1_PORT = 21101;
  private static final int FE2_PORT = 21102;
  private static final int LAUNCHES = 12;
  private static final int PER_LAUNCH = 2;
  /** Launches answered before the kill, alternately through each front end. */
  private static final int FIRST_WAVE = 4;

  @TempDir Path tmp;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final Map<String, Process> frontEnds = new LinkedHashMap<>();

  @AfterEach
  void stop() {
    frontEnds.values().forEach(Process::destroyForcibly);
    for (Process p : frontEnds.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception ignored) {
        // close the rest
      }
    }
  }

  @Test
  void theFollowerLeadsWithinTenSecondsOfTheLeadersKillAndEveryLaunchRunsOnce() throws Exception {
    Libvirt.requireOrSkip();
    long t0 = System.nanoTime();
    TestPostgres pg = TestPostgres.create("leader_two_front_ends");
    closing.add(pg);
    List<Path> nodeWork = new ArrayList<>();
    StringBuilder nodes = new StringBuilder();
    for (int n = 1; n <= 2; n++) {
      NodeController nc = new NodeController(EucaConf.of(Map.of(
          "NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
          "INSTANCE_PATH", tmp.resolve("nc" + n).toString(), "MAX_CORES", "16", "MAX_MEM", "8192", "MAX_DISK", "400"))
          .with("NC_KEYS_DIR", tmp.resolve("nc" + n + "-keys").toString()));
      closing.add(nc);
      nc.start();
      nodeWork.add(tmp.resolve("nc" + n).resolve("work"));
      nodes.append(n == 1 ? "" : " ").append("127.0.0.1:").append(nc.port());
    }
    ClusterController cc = new ClusterController(EucaConf.of(Map.of(
        "CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1", "SCHEDPOLICY", "ROUNDROBIN", "NODES", nodes.toString()))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    closing.add(cc);
    cc.start();

    Map<String, String> shared = new HashMap<>(pg.settings("CLC"));
    shared.put("CLC_BIND_ADDR", "127.0.0.1");
    shared.put("CLC_HTTPS_PORT", "0"); // two HTTPS twins on one address: any free ports
    shared.put("CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port());
    Path fe1Data = tmp.resolve("fe1");
    Path fe2Data = tmp.resolve("fe2");
    Map<String, String> fe1 = new HashMap<>(shared);
    fe1.putAll(Map.of("CLC_PORT", "" + FE1_PORT, "CLC_DATA_DIR", fe1Data.toString()));
    startFrontEnd("fe1", fe1);
    awaitFile(fe1Data.resolve("eucarc"), "fe1");
    // One cloud CA for both: the second front end starts with the first one's keys (3.1 synced them).
    copyTree(fe1Data.resolve("keys"), fe2Data.resolve("keys"));
    Map<String, String> fe2 = new HashMap<>(shared);
    fe2.putAll(Map.of("CLC_PORT", "" + FE2_PORT, "CLC_DATA_DIR", fe2Data.toString(), "WALRUS_ENABLED", "N",
        "WALRUS_URL", "http://127.0.0.1:" + FE1_PORT + "/services/Walrus"));
    startFrontEnd("fe2", fe2);
    awaitFile(fe2Data.resolve("eucarc"), "fe2");

    System.out.println("both front ends started: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    Path eucarc1 = fe1Data.resolve("eucarc");
    Path eucarc2 = fe2Data.resolve("eucarc");
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String emi = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc",
        eucarc1.toString(), "--file", image.toString())).isZero()).strip().split("\t")[1];
    EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("set-addresses", "--eucarc", eucarc1.toString(),
        "cluster01", "10.99.0.10-10.99.0.49")).isZero());
    Ec2Client ec2a = ec2(eucarc1, FE1_PORT);
    Ec2Client ec2b = ec2(eucarc2, FE2_PORT);
    closing.add(ec2a);
    closing.add(ec2b);

    // Both serve, the first leads; the cluster is available through both.
    EndToEndTest.awaitTrue("both front ends listed, fe1 leading", Duration.ofSeconds(15), () -> {
      Map<Integer, String> roles = frontEndRoles(eucarc2);
      return "leader".equals(roles.get(FE1_PORT)) && "follower".equals(roles.get(FE2_PORT));
    });
    for (Ec2Client ec2 : List.of(ec2a, ec2b)) {
      EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(20), () -> ec2.describeAvailabilityZones()
          .availabilityZones().stream().anyMatch(z -> z.zoneName().equals("cluster01")
              && z.stateAsString().equals("available")));
    }

    // The burst: launches through both front ends, a first wave answered, then a second with most at
    // fe1, the leader, killed as soon as fe1 has answered one of them: others are under way there then.
    // A launch fe1 does not answer goes to fe2 with its client token, as a client retries.
    System.out.println("cloud ready: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    Process leader = frontEnds.get("fe1");
    Map<String, List<String>> byToken = new ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    CountDownLatch fe1AnsweredInSecondWave = new CountDownLatch(1);
    List<Future<?>> launches = new ArrayList<>();
    for (int l = 0; l < LAUNCHES; l++) {
      String token = "burst-" + l;
      boolean firstWave = l < FIRST_WAVE;
      Ec2Client first = (firstWave ? l % 2 == 0 : l < LAUNCHES - 2) ? ec2a : ec2b;
      launches.add(clients.submit(() -> {
        RunInstancesResponse r;
        try {
          r = first.runInstances(q -> q.imageId(emi).minCount(PER_LAUNCH).maxCount(PER_LAUNCH).clientToken(token));
          if (!firstWave && first == ec2a) {
            fe1AnsweredInSecondWave.countDown();
          }
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
          retries.incrementAndGet();
          r = retried(ec2b, emi, token); // fe1 died under it, or was dead already
        }
        byToken.put(token, r.instances().stream().map(Instance::instanceId).toList());
        return null;
      }));
      if (l == FIRST_WAVE - 1) {
        for (Future<?> f : launches) {
          f.get(60, TimeUnit.SECONDS);
        }
      }
    }
    assertThat(fe1AnsweredInSecondWave.await(30, TimeUnit.SECONDS)).isTrue();
    leader.destroyForcibly(); // SIGKILL
    long killedAt = System.nanoTime();
    EndToEndTest.awaitTrue("fe2 leads", Duration.ofSeconds(10), () -> "leader".equals(frontEndRoles(eucarc2)
        .get(FE2_PORT)));
    long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("leader killed -> the other leads (DescribeServices): " + tookMs + " ms");
    for (Future<?> f : launches) {
      f.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();
    System.out.println("launches fe1 did not answer, sent again to fe2 with their client tokens: " + retries.get());

    List<String> launched = byToken.values().stream().flatMap(List::stream).toList();
    assertThat(byToken).hasSize(LAUNCHES);
    assertThat(launched).hasSize(LAUNCHES * PER_LAUNCH).doesNotHaveDuplicates();
    EndToEndTest.awaitTrue("every launched instance running", Duration.ofSeconds(30), () -> ec2b
        .describeInstances(r -> r.instanceIds(launched)).reservations().stream().flatMap(r -> r.instances().stream())
        .filter(i -> i.state().name() == InstanceStateName.RUNNING).count() == launched.size());
    // None launched that the API did not answer for (a retry made no second reservation), none lost.
    List<Instance> all = ec2b.describeInstances(r -> r.instanceIds("verbose")).reservations().stream()
        .flatMap(r -> r.instances().stream()).toList();
    assertThat(all).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(launched);
    // Each instance on exactly one node, started once: the nodes' instance directories.
    assertThat(instancesOnNodes(nodeWork)).containsExactlyInAnyOrderElementsOf(launched);
    System.out.println("all running: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    try (Stream<String> lines = Files.lines(tmp.resolve("fe2.log"))) {
      System.out.println("instances fe1 had recorded but not launched, launched by fe2 on taking the lead: "
          + lines.filter(line -> line.contains("launching it again")).count());
    }
    // Each with an address of the pool (one whose launch fe1 did not live to lend one gets it from the
    // leader's sync), none lent twice.
    EndToEndTest.awaitTrue("every instance has a public address", Duration.ofSeconds(10), () -> ec2b
        .describeInstances(r -> r.instanceIds(launched)).reservations().stream().flatMap(r -> r.instances().stream())
        .allMatch(i -> i.publicIpAddress() != null));
    List<String> addresses = ec2b.describeInstances(r -> r.instanceIds(launched)).reservations().stream()
        .flatMap(r -> r.instances().stream()).map(Instance::publicIpAddress).toList();
    assertThat(addresses).hasSize(launched.size()).doesNotHaveDuplicates();
    // The dead front end is shown as not heard from once its heartbeats are overdue.
    EndToEndTest.awaitTrue("fe1 not heard from", Duration.ofSeconds(15), () -> "front end not heard from".equals(
        frontEndRoles(eucarc2).get(FE1_PORT)));

    ec2b.terminateInstances(r -> r.instanceIds(launched));
    EndToEndTest.awaitTrue("all terminated", Duration.ofSeconds(20), () -> ec2b.describeInstances(r -> r
        .instanceIds(launched)).reservations().stream().flatMap(r -> r.instances().stream())
        .allMatch(i -> i.state().name() == InstanceStateName.TERMINATED));
  }

  /** The launch again at fe2, with its token: the reservation fe1 recorded, or a new one if it recorded none. */
  private static RunInstancesResponse retried(Ec2Client ec2b, String emi, String token) {
    return ec2b.runInstances(q -> q.imageId(emi).minCount(PER_LAUNCH).maxCount(PER_LAUNCH).clientToken(token));
  }

  private void startFrontEnd(String name, Map<String, String> settings) throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + Path.of("..", "etc", "log4j2-test.xml").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), CloudMain.class.getName()));
    new java.util.TreeMap<>(settings).forEach((k, v) -> argv.addAll(List.of("--set", k + "=" + v)));
    frontEnds.put(name, new ProcessBuilder(argv).redirectErrorStream(true)
        .redirectOutput(tmp.resolve(name + ".log").toFile()).start());
  }

  private void awaitFile(Path file, String frontEnd) throws Exception {
    EndToEndTest.awaitTrue(frontEnd + " started (" + tmp.resolve(frontEnd + ".log") + ")", Duration.ofSeconds(60), () -> {
      if (!frontEnds.get(frontEnd).isAlive()) {
        throw new IllegalStateException(frontEnd + " exited:\n" + tail(tmp.resolve(frontEnd + ".log")));
      }
      return Files.exists(file);
    });
  }

  /** The end of a front end's log, for a failure's message. */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static final Pattern FRONT_END = Pattern.compile(
      "SERVICE\teucalyptus\teucalyptus\t127\\.0\\.0\\.1:(\\d+)\t\\S+\t\\S+\t([^\n]*)");

  /** Each front end's port and its reason in `euca-admin describe-services` (leader, follower, not heard from). */
  private static Map<Integer, String> frontEndRoles(Path eucarc) {
    String out = EndToEndTest.captureStdout(() -> EucaAdmin.run("describe-services", "--eucarc", eucarc.toString()));
    Map<Integer, String> roles = new HashMap<>();
    Matcher m = FRONT_END.matcher(out);
    while (m.find()) {
      roles.put(Integer.parseInt(m.group(1)), m.group(2).strip());
    }
    return roles;
  }

  /** The instance ids the nodes hold directories for (work/ACCOUNT/INSTANCE), each node's in turn. */
  private static List<String> instancesOnNodes(List<Path> nodeWork) throws Exception {
    List<String> out = new ArrayList<>();
    for (Path work : nodeWork) {
      try (Stream<Path> dirs = Files.walk(work, 2)) {
        dirs.filter(p -> p.getNameCount() == work.getNameCount() + 2 && p.getFileName().toString().startsWith("i-"))
            .forEach(p -> out.add(p.getFileName().toString()));
      }
    }
    return out;
  }

  private static Ec2Client ec2(Path eucarc, int port) throws Exception {
    String rc = Files.readString(eucarc);
    return Ec2Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            value(rc, "EC2_ACCESS_KEY"), value(rc, "EC2_SECRET_KEY"))))
        .httpClient(Apache5HttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  private static String value(String eucarc, String name) {
    Matcher m = Pattern.compile("export " + name + "='([^']*)'").matcher(eucarc);
    if (!m.find()) {
      throw new IllegalStateException(name + " not in the eucarc");
    }
    return m.group(1);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
