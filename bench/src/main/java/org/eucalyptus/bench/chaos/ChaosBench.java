package org.eucalyptus.bench.chaos;

import org.eucalyptus.common.credentials.EucarcFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eucalyptus.bench.chaos.BoxCloud.Component;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.tools.admin.Ec2QueryClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Crash faults, measured: instances churned through a cloud-in-a-box (MANAGED networking with the
 * CC and the NC in namespaces of their own) while the cloud controller, the cluster controller,
 * Walrus and the node controller are killed with SIGKILL in turn and restarted by their init
 * scripts. Phase 1 churns instances on libvirt's test driver (fast) and kills the CLC, the CC and
 * Walrus (which runs inside the CLC's process, as in cloud-in-a-box) while objects are PUT to
 * Walrus; phase 2 runs real QEMU guests under a libvirtd of its own, which outlive the node
 * controller, and kills the NC three ways. It prints what was lost, left pending and leaked, and
 * how long the CLC, CC and NC took to agree again after each restart.
 *
 * <p>Arguments: {@code --src DIR --guest DIR [--instances N] [--workers N] [--guests N]} (0 instances:
 * phase 2 only); ports
 * from CLC_PORT, CC_PORT, NC_PORT, WALRUS_ROOT_PORT (as cloud-in-a-box).
 */
public final class ChaosBench {
  private static final int NETWORK_IDLE_SEC = 10;

  private final Path guest;
  private final Path work;
  private final Shell shell;
  private final BoxCloud cloud;
  private final ChaosReport report = new ChaosReport();
  private Ec2Client ec2;
  private S3Client s3;
  private Views views;
  private Restarts restarts;
  private final Churn.Gate gate = new Churn.Gate();
  private ObjectChurn objects;
  private GuestPhase guestPhase;
  private int objectChecks;

  private ChaosBench(Path src, Path guest, Path work) {
    this.guest = guest;
    this.work = work;
    this.shell = new Shell(src);
    this.cloud = new BoxCloud(src, work, port("CLC_PORT", 8773), port("CC_PORT", 8774), port("NC_PORT", 8775),
        port("WALRUS_ROOT_PORT", 8780), shell);
  }

  private static int port(String key, int def) {
    String v = System.getenv(key);
    return v == null || v.isBlank() ? def : Integer.parseInt(v);
  }

  public static void main(String[] args) throws Exception {
    Path src = Path.of(".");
    Path guest = null;
    int instances = 200;
    int workers = 3;
    int guests = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--src" -> src = Path.of(args[++i]);
        case "--guest" -> guest = Path.of(args[++i]);
        case "--instances" -> instances = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--guests" -> guests = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      System.err.println("bench/chaos needs root: network namespaces, iptables, a libvirtd of its own");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("euca-chaos-");
    ChaosBench b = new ChaosBench(src.toAbsolutePath().normalize(), guest, work);
    int status = 0;
    long t0 = System.nanoTime();
    try {
      b.run(instances, workers, guests);
    } catch (Exception e) {
      System.out.println("chaos: the run stopped: " + e);
      e.printStackTrace(System.out);
      status = 1;
    } finally {
      b.cleanUp();
    }
    b.report.print(instances, (System.nanoTime() - t0) / 1e9, b.objects, b.objectChecks, b.cloud.logDir());
    System.exit(status);
  }

  private void run(int instances, int workers, int guests) throws Exception {
    cloud.networkUp();
    cloud.writeConf(Map.of("CC_NETWORK_IDLE_SEC", "" + NETWORK_IDLE_SEC), Map.of("HYPERVISOR", "test",
        "MAX_CORES", "32", "MAX_MEM", "16384", "MAX_DISK", "60"));
    log("starting the cloud in " + work + " (node controller on libvirt's test driver)");
    cloud.start(Component.NC);
    cloud.start(Component.CC);
    cloud.start(Component.CLOUD);
    waitFor(() -> Files.exists(cloud.eucarc()), Duration.ofMinutes(2), "the eucarc");
    waitFor(() -> Files.exists(cloud.clcData().resolve("keys/node/node-cert.pem")), Duration.ofMinutes(2),
        "the node's enrolment");
    shell.run("tools/bin/euca-admin set-addresses --eucarc " + cloud.eucarc() + " cluster01 " + BoxCloud.PUBLIC_IPS,
        Duration.ofSeconds(60));
    Map<String, String> creds = EucarcFile.read(cloud.eucarc());
    AwsBasicCredentials keys = AwsBasicCredentials.create(creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"));
    ec2 = Ec2Client.builder().endpointOverride(URI.create(creds.get("EC2_URL"))).region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(Duration.ofSeconds(30)))
        .httpClient(Apache5HttpClient.builder().maxConnections(16).build()).build();
    s3 = S3Client.builder().endpointOverride(URI.create(creds.getOrDefault("S3_URL",
            "http://127.0.0.1:" + cloud.clcPort + "/services/Walrus"))).forcePathStyle(true)
        .region(Region.of("eucalyptus")).credentialsProvider(StaticCredentialsProvider.create(keys))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(Duration.ofSeconds(60)))
        .httpClient(Apache5HttpClient.builder().maxConnections(4).build()).build();
    CloudCa ca = CloudCa.loadOrCreate(cloud.clcData().resolve("keys"));
    views = new Views(ec2, new SigningIdentity(ca.privateKey(), ca.certificate(), ca.certificate()),
        "http://" + BoxCloud.FE_IP + ":" + cloud.ccPort + "/axis2/services/EucalyptusCC",
        "http://" + BoxCloud.NODE_IP + ":" + cloud.ncPort + "/axis2/services/EucalyptusNC");
    Census census = new Census(cloud, views, ec2, shell);
    restarts = new Restarts(cloud, views, gate, report);

    Path placeholder = Files.write(work.resolve("images/placeholder.img"), new byte[1 << 20]);
    String emi = Ec2QueryClient.element(new Ec2QueryClient(URI.create(creds.get("EC2_URL")),
        creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"), "eucalyptus")
        .call("RegisterImage", Map.of("ImageLocation", placeholder.toUri().toString(), "Name", "chaos")), "imageId");
    waitFor(() -> {
      try {
        return ec2.describeAvailabilityZones().availabilityZones().stream().anyMatch(z -> z.stateAsString().equals("available"));
      } catch (RuntimeException e) {
        return false;
      }
    }, Duration.ofSeconds(60), "cluster01");

    // ---- phase 1: the churn on the test driver, killing the CLC, the CC and Walrus in turn
    Churn churn = new Churn(ec2, emi, "m1.small", instances, gate);
    if (instances > 0) {
      churn(churn, census, instances, workers);
    }
    // ---- phase 2: real QEMU guests under a libvirtd of our own; the NC killed three ways
    guestPhase = new GuestPhase(cloud, shell, work, guest, ec2, views, restarts, report, NETWORK_IDLE_SEC);
    guestPhase.run(churn, census, guests);
  }

  private void churn(Churn churn, Census census, int instances, int workers) throws Exception {
    objects = new ObjectChurn(s3);
    objects.start();
    log("phase 1: " + instances + " instances through " + workers + " workers; objects PUT to Walrus meanwhile");
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int seed = w;
      Thread t = new Thread(() -> churn.worker(seed), "churn-" + w);
      t.start();
      threads.add(t);
    }
    record Kill(String label, Component c, boolean walrus) {}
    List<Kill> kills = List.of(new Kill("CLC", Component.CLOUD, false), new Kill("CC", Component.CC, false),
        new Kill("Walrus (in the CLC's process, during a 24 MiB PUT)", Component.CLOUD, true),
        new Kill("CLC", Component.CLOUD, false), new Kill("CC", Component.CC, false),
        new Kill("Walrus (in the CLC's process, during a 24 MiB PUT)", Component.CLOUD, true));
    for (int k = 0; k < kills.size(); k++) {
      int at = instances * (k + 1) / (kills.size() + 1);
      while (churn.started() < at && threads.stream().anyMatch(Thread::isAlive)) {
        Thread.sleep(100);
      }
      Kill kill = kills.get(k);
      if (kill.walrus()) {
        objects.awaitBigPutUnderWay(150);
      }
      restarts.killAndRestart(kill.label() + " at launch " + churn.started(), kill.c(), () -> { });
      if (kill.c() == Component.CLOUD) {
        objectChecks += objects.verify();
      }
    }
    for (Thread t : threads) {
      t.join();
    }
    objects.stop();
    objectChecks += objects.verify();
    log("phase 1 done: " + churn.runsDone.get() + " cycles; " + objects.acknowledged() + " objects acknowledged");
    // Instances the client never got an id for (a launch made twice) are ended too, then counted.
    List<String> orphans = endOrphans(churn);
    List<String> liveOrphans = orphans.stream().filter(o -> !o.endsWith("(terminated)")).toList();
    report.finding("phase 1: acknowledged instances lost (ended or gone without a terminate)",
        churn.lost.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    report.finding("phase 1: acknowledged instances never running within 120 s (left pending)", churn.neverRan);
    report.finding("phase 1: instances no RunInstances answer named, live (duplicate launches)", liveOrphans);
    report.finding("phase 1: instances no RunInstances answer named, ended (records of refused launches)",
        orphans.stream().filter(o -> o.endsWith("(terminated)")).toList());
    report.finding("phase 1: launches never answered within 180 s of retries", churn.unanswered.get());
    report.finding("phase 1: terminated instances not terminated within 90 s", churn.slowTerminate);
    report.census("phase 1", census.takeWhenIdle(null, NETWORK_IDLE_SEC));
  }

  /** Ends the live instances the client never got an id for; returns them. */
  private List<String> endOrphans(Churn churn) throws InterruptedException {
    List<String> orphans = new ArrayList<>();
    Map<String, String> all = views.clcAll().orElse(Map.of());
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (!churn.acknowledged.containsKey(e.getKey())) {
        orphans.add(e.getKey() + " (" + e.getValue() + ")");
        if (!e.getValue().equals("terminated")) {
          churn.terminate(e.getKey());
        }
      }
    }
    return orphans;
  }

  private void cleanUp() {
    try {
      if (objects != null) {
        objects.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (guestPhase != null) {
      guestPhase.close();
    }
    cloud.close();
    if (ec2 != null) {
      ec2.close();
    }
    if (s3 != null) {
      s3.close();
    }
    // Everything but the logs goes.
    try (Stream<Path> walk = Files.walk(work)) {
      walk.sorted(Comparator.reverseOrder()).filter(p -> !p.startsWith(cloud.logDir()) && !p.equals(work))
          .forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("chaos: cleaning " + work + ": " + e.getMessage());
    }
  }

  static void log(String s) {
    System.out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), s);
  }

  static boolean waitUntil(BooleanSupplier cond, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(250);
    }
    return true;
  }

  static void waitFor(BooleanSupplier cond, Duration max, String what) throws InterruptedException {
    if (!waitUntil(cond, max)) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
  }
}
