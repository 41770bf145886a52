package org.eucalyptus.bench.chaos;

import org.eucalyptus.common.credentials.EucarcFile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eucalyptus.bench.chaos.BoxCloud.Component;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.tools.admin.Ec2QueryClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
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
  private static final Duration AGREE_MAX = Duration.ofSeconds(90);
  private static final int NETWORK_IDLE_SEC = 10;

  /**
   * One kill -9 and restart: the time from the kill until the init script had the component's port
   * open again, and from then until the three views agreed (NaN: not within AGREE_MAX).
   */
  record Restart(String what, double downSec, double agreeSec, String stillDiffering, int ignored) {}

  private final Path src;
  private final Path guest;
  private final Path work;
  private final Shell shell;
  private final BoxCloud cloud;
  private final List<Restart> restarts = new ArrayList<>();
  /** Instances the views still disagreed on when an agreement wait ran out. */
  private final java.util.Set<String> persistent = new java.util.TreeSet<>();
  private final Map<String, List<String>> findings = new LinkedHashMap<>();
  private Ec2Client ec2;
  private S3Client s3;
  private Views views;
  private final Churn.Gate gate = new Churn.Gate();
  private ObjectChurn objects;
  private PrivateLibvirtd libvirtd;
  private int objectChecks;

  private ChaosBench(Path src, Path guest, Path work) {
    this.src = src;
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
    b.report(instances, (System.nanoTime() - t0) / 1e9);
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
    waitFor(() -> Files.exists(cloud.eucarc()), Duration.ofSeconds(120), "the eucarc");
    waitFor(() -> Files.exists(cloud.clcData().resolve("keys/node/node-cert.pem")), Duration.ofSeconds(120),
        "the node's enrolment");
    shell.run("tools/bin/euca-admin set-addresses --eucarc " + cloud.eucarc() + " cluster01 " + BoxCloud.PUBLIC_IPS,
        Duration.ofSeconds(60));
    Map<String, String> creds = EucarcFile.read(cloud.eucarc());
    AwsBasicCredentials keys = AwsBasicCredentials.create(creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"));
    ec2 = Ec2Client.builder().endpointOverride(URI.create(creds.get("EC2_URL"))).region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(30)))
        .httpClient(ApacheHttpClient.builder().maxConnections(16).build()).build();
    s3 = S3Client.builder().endpointOverride(URI.create(creds.getOrDefault("S3_URL",
            "http://127.0.0.1:" + cloud.clcPort + "/services/Walrus"))).forcePathStyle(true)
        .region(Region.of("eucalyptus")).credentialsProvider(StaticCredentialsProvider.create(keys))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(60)))
        .httpClient(ApacheHttpClient.builder().maxConnections(4).build()).build();
    CloudCa ca = CloudCa.loadOrCreate(cloud.clcData().resolve("keys"));
    views = new Views(ec2, new SigningIdentity(ca.privateKey(), ca.certificate(), ca.certificate()),
        "http://" + BoxCloud.FE_IP + ":" + cloud.ccPort + "/axis2/services/EucalyptusCC",
        "http://" + BoxCloud.NODE_IP + ":" + cloud.ncPort + "/axis2/services/EucalyptusNC");
    Census census = new Census(cloud, views, ec2, shell);

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
    runGuests(churn, census, guests);
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
      killAndRestart(kill.label() + " at launch " + churn.started(), kill.c(), () -> { });
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
    finding("phase 1: acknowledged instances lost (ended or gone without a terminate)",
        churn.lost.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    finding("phase 1: acknowledged instances never running within 120 s (left pending)", churn.neverRan);
    finding("phase 1: instances no RunInstances answer named, live (duplicate launches)", liveOrphans);
    finding("phase 1: instances no RunInstances answer named, ended (records of refused launches)",
        orphans.stream().filter(o -> o.endsWith("(terminated)")).toList());
    finding("phase 1: launches never answered within 180 s of retries", churn.unanswered.get());
    finding("phase 1: terminated instances not terminated within 90 s", churn.slowTerminate);
    List<Census.Item> idle1 = drain(census, null);
    printCensus("phase 1", idle1);
  }

  private void runGuests(Churn churn, Census census, int guests) throws Exception {
    log("phase 2: real QEMU guests under a libvirtd of the benchmark's own");
    cloud.stop(Component.NC);
    libvirtd = new PrivateLibvirtd(work.resolve("libvirtd"), shell, cloud.instancePath().toString());
    libvirtd.start(cloud.namespace(Component.NC));
    cloud.writeConf(Map.of("CC_NETWORK_IDLE_SEC", "" + NETWORK_IDLE_SEC), Map.of("HYPERVISOR", "qemu",
        "LIBVIRT_URI", libvirtd.uri(), "MAX_CORES", "8", "MAX_MEM", "4096", "MAX_DISK", "40"));
    cloud.start(Component.NC);
    String emi = registerGuest(guest.resolve("disk.img"));
    log("guest image " + emi);
    if (!waitUntil(() -> {
      Map<String, String> d = newDifferences();
      return d != null && d.isEmpty();
    }, Duration.ofSeconds(60))) {
      Map<String, String> d = newDifferences();
      if (d != null) {
        persistent.addAll(d.keySet());
      }
    }

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < guests; i++) {
      ids.add(launch(churn, emi));
    }
    for (String id : ids) {
      waitFor(() -> console(id).contains("EUCA-MARKER"), Duration.ofSeconds(240), id + "'s boot");
    }
    log("guests booted: " + ids);
    Map<String, List<Long>> qemu = new TreeMap<>();
    for (String id : ids) {
      qemu.put(id, PrivateLibvirtd.qemuPids(id));
    }

    // A: the NC killed with its guests running.
    killAndRestart("NC with " + ids.size() + " guests running", Component.NC, () -> { });
    List<String> kept = new ArrayList<>();
    List<String> notKept = new ArrayList<>();
    for (String id : ids) {
      (qemu.get(id).equals(PrivateLibvirtd.qemuPids(id)) && !qemu.get(id).isEmpty() ? kept : notKept).add(id);
    }
    List<String> lostA = ids.stream().filter(id -> !churn.state(id).equals("running")).toList();
    finding("phase 2 A (NC killed, guests running): guests whose QEMU process did not survive", notKept);
    finding("phase 2 A: instances not running at the CLC after the NC's restart", lostA);

    // B: the NC killed while a launch is in progress on it: an image of its own (a copy of the
    // guest's disk, not in the node's cache yet) keeps the launch downloading for a while.
    Path copy = Files.createDirectories(work.resolve("images/uncached"));
    Files.copy(guest.resolve("disk.img"), copy.resolve("disk-b.img"));
    String emiB = registerGuest(copy.resolve("disk-b.img"));
    String late = launch(churn, emiB);
    waitFor(() -> views.nc().map(m -> m.containsKey(late)).orElse(false), Duration.ofSeconds(60), late + " at the NC");
    finding("phase 2 B: the launch was under way (not yet running at the NC) when the NC was killed",
        views.nc().map(m -> "pending".equals(m.get(late))).orElse(false) ? List.of() : List.of(late + " was running already"));
    killAndRestart("NC during a launch", Component.NC, () -> { });
    String lateState = waitState(churn, late, Duration.ofSeconds(180));
    finding("phase 2 B (NC killed during a launch): the launched instance after the restart",
        lateState.equals("running") ? List.of() : List.of(late + " " + lateState));
    if (lateState.equals("running")) {
      ids.add(late);
    }

    // C: an instance terminated while its NC is down.
    String victim = ids.get(0);
    killAndRestart("NC, one instance terminated while it was down", Component.NC, () -> {
      try {
        churn.terminate(victim);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    boolean gone = waitUntil(() -> !libvirtd.domains().contains(victim) && PrivateLibvirtd.qemuPids(victim).isEmpty(),
        Duration.ofSeconds(45));
    finding("phase 2 C (terminated while the NC was down): guest still running 45 s after the NC's restart",
        gone ? List.of() : List.of(victim));

    for (String id : ids) {
      churn.terminate(id);
    }
    finding("client errors by code, both phases", new TreeMap<>(churn.errors).toString());
    List<Census.Item> idle2 = drain(census, libvirtd);
    printCensus("phase 2", idle2);
  }

  /**
   * Launches one instance, retrying with its ClientToken while the cloud refuses (right after a
   * restart a node may not be counted yet); returns its id.
   */
  private String launch(Churn churn, String emi) throws Exception {
    String token = "chaos-guest-" + System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (true) {
      try {
        String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1)
            .clientToken(token)).instances().get(0).instanceId();
        churn.acknowledged.put(id, token);
        return id;
      } catch (RuntimeException e) {
        churn.error(e);
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  private String waitState(Churn churn, String id, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    String s = churn.state(id);
    while ((s.equals("pending") || s.equals("?")) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      s = churn.state(id);
    }
    return s;
  }

  private String console(String id) {
    try {
      String out = ec2.getConsoleOutput(r -> r.instanceId(id)).output();
      return out == null ? "" : new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /**
   * kill -9 of one component; {@code whileDown} runs while it is down; then its init script starts
   * it. New launches and terminates wait while the three views are compared.
   */
  private void killAndRestart(String label, Component c, Runnable whileDown) throws Exception {
    log("kill -9 " + c.script + " (" + label + ")");
    long t0 = System.nanoTime();
    cloud.kill9(c);
    whileDown.run();
    Thread.sleep(2000); // down a moment, as until a supervisor notices
    long tStart = System.nanoTime();
    cloud.start(c);
    long tUp = System.nanoTime();
    gate.close();
    try {
      // Instances that stayed in disagreement after an earlier restart are left out: they are
      // counted there (and in the census), and would keep every later restart from agreeing.
      int ignored = persistent.size();
      Map<String, String> diff = newDifferences();
      long deadline = tUp + AGREE_MAX.toNanos();
      while ((diff == null || !diff.isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        diff = newDifferences();
      }
      boolean agreed = diff != null && diff.isEmpty();
      double agree = agreed ? (System.nanoTime() - tUp) / 1e9 : Double.NaN;
      String still = agreed ? null : diff == null ? "a component does not answer" : diff.toString();
      if (diff != null) {
        persistent.addAll(diff.keySet());
      }
      restarts.add(new Restart(label, (tUp - t0) / 1e9, agree, still, ignored));
      log(String.format(Locale.ROOT, "  up again %.1f s after the kill (the init script's start took %.1f s);"
          + " views agree %s", (tUp - t0) / 1e9, (tUp - tStart) / 1e9, agreed
          ? String.format(Locale.ROOT, "%.1f s after it was up", agree) : "NOT within 90 s: " + still));
    } finally {
      gate.open();
    }
  }

  /** The views' differences, without the instances that disagreed persistently before. */
  private Map<String, String> newDifferences() {
    Map<String, String> d = views.differences();
    if (d != null) {
      d.keySet().removeAll(persistent);
    }
    return d;
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

  /** Waits until the census is clean (networks stop CC_NETWORK_IDLE_SEC after their last instance), then takes it. */
  private List<Census.Item> drain(Census census, PrivateLibvirtd lv) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(NETWORK_IDLE_SEC + 50).toNanos();
    List<Census.Item> items = census.take(lv);
    while (!Census.clean(items) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      items = census.take(lv);
    }
    return items;
  }

  /** Bundles, uploads and registers the guest's kernel and ramdisk (once) and {@code disk} as an EMI. */
  private String registerGuest(Path disk) throws IOException {
    String eucarc = cloud.eucarc().toString();
    Path creds = work.resolve("admin-creds");
    String script = "set -e; ADMIN=tools/bin/euca-admin; W=" + work + "; G=" + guest + "\n"
        + "[ -f $W/admin-creds.zip ] || $ADMIN get-credentials --eucarc " + eucarc + " $W/admin-creds.zip >/dev/null\n"
        + "[ -d " + creds + " ] || python3 -m zipfile -e $W/admin-creds.zip " + creds + "\n"
        + "bundle() { local f=$1; shift; ( . " + creds + "/eucarc\n"
        + "  tools/bin/euca-bundle-image -i \"$f\" -d $W/bundles \"$@\" >/dev/null\n"
        + "  tools/bin/euca-upload-bundle -b chaos-images -m $W/bundles/$(basename \"$f\").manifest.xml >/dev/null\n"
        + "  tools/bin/euca-register chaos-images/$(basename \"$f\").manifest.xml -n chaos-$(basename \"$f\") | awk '{print $2}' ); }\n"
        + "[ -s $W/eki ] || bundle $G/vmlinuz --kernel true > $W/eki; [ -s $W/eri ] || bundle $G/initrd.gz --ramdisk true > $W/eri\n"
        + "bundle " + disk + " --kernel $(cat $W/eki) --ramdisk $(cat $W/eri)\n";
    return shell.run(script, Duration.ofSeconds(300)).strip();
  }

  private void cleanUp() {
    try {
      if (objects != null) {
        objects.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (libvirtd != null) {
      libvirtd.close();
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

  private void finding(String what, java.util.Collection<String> ids) {
    findings.put(what, new ArrayList<>(ids));
  }

  private void finding(String what, int count) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      l.add("#" + (i + 1));
    }
    findings.put(what, l);
  }

  private void finding(String what, String text) {
    findings.put(what, List.of(text));
  }

  private final Map<String, List<Census.Item>> censuses = new LinkedHashMap<>();

  private void printCensus(String phase, List<Census.Item> items) {
    censuses.put(phase, items);
  }

  private void report(int instances, double seconds) {
    System.out.printf(Locale.ROOT, "%n==== bench/chaos: %d instances churned; kill -9 of the CLC, CC, Walrus, NC; %.0f s in all%n",
        instances, seconds);
    System.out.println("Restarts (kill -9, 2 s down, then the init script's start): 'down' is kill -> port open again,"
        + " 'agree' is port open -> the CLC's, CC's and NC's instance sets equal; target: agree within 30 s");
    for (Restart r : restarts) {
      System.out.printf(Locale.ROOT, "  %-62s down %5.1f s   agree %s%s%n", r.what(), r.downSec(),
          Double.isNaN(r.agreeSec()) ? "NOT within 90 s  MISSED (" + r.stillDiffering() + ")"
              : String.format(Locale.ROOT, "%5.1f s  %s", r.agreeSec(), r.agreeSec() <= 30 ? "ok" : "MISSED"),
          r.ignored() == 0 ? "" : "  (leaving out " + r.ignored() + " instances in disagreement since an earlier restart)");
    }
    System.out.println("Instances (target 0 each):");
    findings.forEach((what, list) -> {
      if (what.contains("client errors")) {
        System.out.printf("  %-92s %s%n", what, list.get(0));
      } else {
        System.out.printf("  %-92s %3d %s%n", what, list.size(), list.isEmpty() ? "" : list);
      }
    });
    if (objects != null) {
      System.out.printf(Locale.ROOT, "Walrus objects (target 0 lost, 0 corrupt): %d acknowledged, %d reads checked;"
          + " lost %d %s, corrupt %d %s; PUTs failed while down %d, ETag not the MD5 %d%n", objects.acknowledged(),
          objectChecks, objects.lost.size(), objects.lost.isEmpty() ? "" : objects.lost, objects.corrupt.size(),
          objects.corrupt.isEmpty() ? "" : objects.corrupt, objects.failedPuts.get(), objects.badEtags.get());
    }
    censuses.forEach((phase, items) -> {
      System.out.println("Left over once every instance was terminated and the cloud idle (" + phase + ", target 0 each):");
      for (Census.Item i : items) {
        System.out.printf("  %-52s %3d %s%n", i.what(), i.count(), i.count() == 0 ? "" : i.detail());
      }
    });
    System.out.println("Logs: " + cloud.logDir());
  }

  private static void log(String s) {
    System.out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), s);
  }

  private static boolean waitUntil(BooleanSupplier cond, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(250);
    }
    return true;
  }

  private static void waitFor(BooleanSupplier cond, Duration max, String what) throws InterruptedException {
    if (!waitUntil(cond, max)) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
  }
}
