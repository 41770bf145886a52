package org.eucalyptus.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eucalyptus.bench.chaos.BoxCloud.Component;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Phase 2 of the chaos run: real QEMU guests under a libvirtd of the benchmark's own (its guests
 * outlive the node controller), and the NC killed three ways: with guests running, during a
 * launch, and with an instance terminated while it was down.
 */
final class GuestPhase implements AutoCloseable {
  private final BoxCloud cloud;
  private final Shell shell;
  private final Path work;
  private final Path guest;
  private final Ec2Client ec2;
  private final Views views;
  private final Restarts restarts;
  private final ChaosReport report;
  private final int networkIdleSec;
  private PrivateLibvirtd libvirtd;

  GuestPhase(BoxCloud cloud, Shell shell, Path work, Path guest, Ec2Client ec2, Views views, Restarts restarts,
      ChaosReport report, int networkIdleSec) {
    this.cloud = cloud;
    this.shell = shell;
    this.work = work;
    this.guest = guest;
    this.ec2 = ec2;
    this.views = views;
    this.restarts = restarts;
    this.report = report;
    this.networkIdleSec = networkIdleSec;
  }

  void run(Churn churn, Census census, int guests) throws Exception {
    ChaosBench.log("phase 2: real QEMU guests under a libvirtd of the benchmark's own");
    cloud.stop(Component.NC);
    libvirtd = new PrivateLibvirtd(work.resolve("libvirtd"), shell, cloud.instancePath().toString());
    libvirtd.start(cloud.namespace(Component.NC));
    cloud.writeConf(Map.of("CC_NETWORK_IDLE_SEC", "" + networkIdleSec), Map.of("HYPERVISOR", "qemu",
        "LIBVIRT_URI", libvirtd.uri(), "MAX_CORES", "8", "MAX_MEM", "4096", "MAX_DISK", "40"));
    cloud.start(Component.NC);
    String emi = registerGuest(guest.resolve("disk.img"));
    ChaosBench.log("guest image " + emi);
    if (!ChaosBench.waitUntil(() -> {
      Map<String, String> d = restarts.newDifferences();
      return d != null && d.isEmpty();
    }, Duration.ofSeconds(60))) {
      Map<String, String> d = restarts.newDifferences();
      if (d != null) {
        restarts.disagreeing(d.keySet());
      }
    }

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < guests; i++) {
      ids.add(launch(churn, emi));
    }
    for (String id : ids) {
      ChaosBench.waitFor(() -> console(id).contains("EUCA-MARKER"), Duration.ofMinutes(4), id + "'s boot");
    }
    ChaosBench.log("guests booted: " + ids);
    Map<String, List<Long>> qemu = new TreeMap<>();
    for (String id : ids) {
      qemu.put(id, PrivateLibvirtd.qemuPids(id));
    }

    // A: the NC killed with its guests running.
    restarts.killAndRestart("NC with " + ids.size() + " guests running", Component.NC, () -> { });
    List<String> notKept = new ArrayList<>();
    for (String id : ids) {
      if (!(qemu.get(id).equals(PrivateLibvirtd.qemuPids(id)) && !qemu.get(id).isEmpty())) {
        notKept.add(id);
      }
    }
    List<String> lostA = ids.stream().filter(id -> !churn.state(id).equals("running")).toList();
    report.finding("phase 2 A (NC killed, guests running): guests whose QEMU process did not survive", notKept);
    report.finding("phase 2 A: instances not running at the CLC after the NC's restart", lostA);

    // B: the NC killed while a launch is in progress on it: an image of its own (a copy of the
    // guest's disk, not in the node's cache yet) keeps the launch downloading for a while.
    Path copy = Files.createDirectories(work.resolve("images/uncached"));
    Files.copy(guest.resolve("disk.img"), copy.resolve("disk-b.img"));
    String emiB = registerGuest(copy.resolve("disk-b.img"));
    String late = launch(churn, emiB);
    ChaosBench.waitFor(() -> views.nc().map(m -> m.containsKey(late)).orElse(false), Duration.ofSeconds(60),
        late + " at the NC");
    report.finding("phase 2 B: the launch was under way (not yet running at the NC) when the NC was killed",
        views.nc().map(m -> "pending".equals(m.get(late))).orElse(false) ? List.of() : List.of(late + " was running already"));
    restarts.killAndRestart("NC during a launch", Component.NC, () -> { });
    String lateState = waitState(churn, late, Duration.ofMinutes(3));
    report.finding("phase 2 B (NC killed during a launch): the launched instance after the restart",
        lateState.equals("running") ? List.of() : List.of(late + " " + lateState));
    if (lateState.equals("running")) {
      ids.add(late);
    }

    // C: an instance terminated while its NC is down.
    String victim = ids.get(0);
    restarts.killAndRestart("NC, one instance terminated while it was down", Component.NC, () -> {
      try {
        churn.terminate(victim);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    boolean gone = ChaosBench.waitUntil(() -> !libvirtd.domains().contains(victim)
        && PrivateLibvirtd.qemuPids(victim).isEmpty(), Duration.ofSeconds(45));
    report.finding("phase 2 C (terminated while the NC was down): guest still running 45 s after the NC's restart",
        gone ? List.of() : List.of(victim));

    for (String id : ids) {
      churn.terminate(id);
    }
    report.finding("client errors by code, both phases", new TreeMap<>(churn.errors).toString());
    report.census("phase 2", census.takeWhenIdle(libvirtd, networkIdleSec));
  }

  /**
   * Launches one instance, retrying with its ClientToken while the cloud refuses (right after a
   * restart a node may not be counted yet); returns its id.
   */
  private String launch(Churn churn, String emi) throws Exception {
    String token = "chaos-guest-" + System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
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
    return shell.run(script, Duration.ofMinutes(5)).strip();
  }

  @Override
  public void close() {
    if (libvirtd != null) {
      libvirtd.close();
    }
  }
}
