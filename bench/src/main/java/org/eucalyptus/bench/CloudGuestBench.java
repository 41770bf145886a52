package org.eucalyptus.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * A real guest through the whole cloud beside the same guest booted by QEMU itself on a network of
 * its own (issue 22's last figure). Both guests do the same after their kernel: load their modules,
 * mount the root disk, lease an address by DHCP and GET their instance id from 169.254.169.254, and the
 * clock stops when that id shows on the console.
 * <ul>
 *   <li>Raw: {@code qemu-system-x86_64} in a namespace with a bridge, dnsmasq and an HTTP server on the
 *   metadata address ({@link RawGuestNetwork}); the same memory and disks as the cloud's m1.small.
 *   <li>Cloud: tools/cloud-in-a-box --hypervisor qemu (CLC, Walrus, CC and NC, MANAGED networking with
 *   the CC and NC in namespaces of their own); RunInstances with the AWS SDK at the CLC, the image
 *   cached on the node (a first launch, not counted, fetched it), the guest's DHCP answered by the CC's
 *   dnsmasq across the cluster's VXLAN segment and its GET redirected by the CC to the CLC's metadata
 *   service. The console is read from the node's console log file, as the raw guest's from its file,
 *   and each timed guest's line is also checked once through GetConsoleOutput.
 * </ul>
 * The rounds alternate, raw then cloud, all while the cloud runs; each guest is terminated (the
 * cloud's: until DescribeInstances says so) before the next starts.
 *
 * <p>Arguments: {@code GUEST_DIR} (from tests/guest/build-test-guest), then {@code --rounds N} (default 5;
 * the medians are printed), {@code --port-base P} (the cloud's ports P+773, P+774, ...; default 38000).
 */
public final class CloudGuestBench {
  /** The cloud's m1.small (VmTypes): what the raw guest gets too. */
  private static final int MEMORY = 128;
  private static final int DISK_GB = 2;
  private static final double TARGET = 1.3;
  private static final Pattern UPTIME = Pattern.compile("EUCA-MARKER: guest booted from disk uptime=([0-9.]+)");
  private static final Pattern DHCP = Pattern.compile("EUCA-DHCP: (\\S+)");

  private CloudGuestBench() {}

  public static void main(String[] args) throws Exception {
    Path guest = Path.of(args[0]);
    int rounds = 5;
    int portBase = 38000;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--port-base" -> portBase = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path src = Path.of(System.getProperty("euca.src", "."));
    Path work = Files.createTempDirectory("cloud-guest-bench-");
    int code = 1;
    try {
      System.out.printf(Locale.ROOT, "guest: %s, m1.small (%d MiB, 1 vcpu, %d GB); QEMU TCG; %d cores%n", guest,
          MEMORY, DISK_GB, Runtime.getRuntime().availableProcessors());
      List<Long> raw = new ArrayList<>();
      List<Long> cloud = new ArrayList<>();
      measure(guest, src, rounds, portBase, work, raw, cloud);
      double rawS = median(raw) / 1000.0;
      double cloudS = median(cloud) / 1000.0;
      System.out.printf(Locale.ROOT, "%-62s %6.1f s%n", "raw QEMU in a namespace -> DHCP -> GET instance id:", rawS);
      System.out.printf(Locale.ROOT, "%-62s %6.1f s  %4.2fx raw  (target <= %.1fx)%n",
          "RunInstances at the CLC -> guest GETs its instance id:", cloudS, cloudS / rawS, TARGET);
      code = 0;
    } finally {
      new ProcessBuilder("pkill", "-f", "qemu-system-x86_64.*" + work).start().waitFor();
      try (var walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(code);
  }

  private static long median(List<Long> ms) {
    List<Long> sorted = new ArrayList<>(ms);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * The rounds, raw and cloud in turn, both while the cloud runs (its components idle under the raw
   * guest as under the cloud's own): QEMU started -> the raw guest's instance id on its console, and
   * RunInstances sent -> the cloud guest's, in ms.
   */
  private static void measure(Path guest, Path src, int rounds, int portBase, Path work, List<Long> raw,
      List<Long> cloud) throws Exception {
    Map<String, String> ports = Map.of("CLC_PORT", String.valueOf(portBase + 773), "CLC_HTTPS_PORT",
        String.valueOf(portBase + 443), "CC_PORT", String.valueOf(portBase + 774), "NC_PORT",
        String.valueOf(portBase + 775), "WALRUS_ROOT_PORT", String.valueOf(portBase + 780), "SC_PORT",
        String.valueOf(portBase + 776), "SC_ISCSI_PORT", String.valueOf(portBase + 260), "SC_TGT_CONTROL_PORT",
        String.valueOf(portBase % 1000 + 100));
    Path data = work.resolve("cloud");
    long t0 = System.nanoTime();
    try (CloudInABox box = CloudInABox.start(src, data, "qemu", ports, Duration.ofMinutes(8))) {
      String out = Files.readString(data.resolve("cloud-in-a-box.out"));
      if (out.contains("guests get no network")) {
        throw new IllegalStateException("cloud-in-a-box gave its guests no network (run as root, with iptables,"
            + " dnsmasq and br_netfilter): see " + data.resolve("cloud-in-a-box.out"));
      }
      System.out.printf(Locale.ROOT, "cloud-in-a-box --hypervisor qemu up in %.0f s (MANAGED networking)%n",
          (System.nanoTime() - t0) / 1e9);
      Map<String, String> creds = box.credentials();
      String emi = Files.readString(data.resolve("default-image-id")).strip();
      RawQemu qemu = new RawQemu(guest, MEMORY, DISK_GB, work.resolve("raw"));
      qemu.prepare(rounds);
      try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(creds.get("EC2_URL")))
          .region(Region.of("eucalyptus")).httpClient(Apache5HttpClient.create())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
              creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY")))).build();
          RawGuestNetwork net = RawGuestNetwork.up(work.resolve("raw-net"), rounds)) {
        CloudGuests guests = new CloudGuests(ec2, emi, data.resolve("instances/work"), data.resolve("log"));
        // Not counted: the node's first launch fetches the image from Walrus and meets libvirt cold.
        long first = guests.launchAndTerminate();
        System.out.printf(Locale.ROOT, "  first launch (image uncached, not counted): %d ms%n", first);
        for (int i = 0; i < rounds; i++) {
          raw.add(rawBoot(qemu, net, i));
          cloud.add(guests.launchAndTerminate());
        }
      }
    }
  }

  /** One raw guest on {@code net}: QEMU started -> its instance id on the console, in ms. */
  private static long rawBoot(RawQemu qemu, RawGuestNetwork net, int i) throws Exception {
    String id = qemu.nextId();
    net.serveInstanceId(id);
    RawQemu.Guest g = qemu.start(net, RawGuestNetwork.mac(i));
    try {
      Steps steps = new Steps(g.started, "EUCA-METADATA instance-id=" + id);
      long deadline = g.started + Duration.ofMinutes(3).toNanos();
      while (!steps.seen(g.text())) {
        if (!g.qemu.isAlive() || System.nanoTime() > deadline || g.shows("EUCA-DHCP: failed")) {
          throw new IllegalStateException("raw guest " + id + ": no instance id on its console:\n" + tail(g.text()));
        }
        Thread.sleep(100);
      }
      System.out.printf(Locale.ROOT, "  raw %s:     %s   %s%n", id, steps, insideTheGuest(g.text()));
      return steps.total();
    } finally {
      g.kill();
    }
  }

  /** Launches through the CLC, one at a time. */
  private static final class CloudGuests {
    private final Ec2Client ec2;
    private final String emi;
    private final Path consoles;
    private final Path logs;

    CloudGuests(Ec2Client ec2, String emi, Path consoles, Path logs) {
      this.ec2 = ec2;
      this.emi = emi;
      this.consoles = consoles;
      this.logs = logs;
    }

    /** The node's own account of the launch: its log's line with each step's time. */
    private String nodeSteps(String id) throws java.io.IOException {
      Path log = logs.resolve("eucalyptus-nc.log");
      if (!Files.exists(log)) {
        return "(no " + log + ")";
      }
      try (var lines = Files.lines(log)) {
        return lines.filter(l -> l.contains("instance " + id + " running")).findFirst()
            .map(l -> l.substring(l.indexOf("instance " + id))).orElse("(no step times in " + log + ")");
      }
    }

    /** RunInstances -> the guest's instance id on its console (ms); then terminated, until it is. */
    long launchAndTerminate() throws Exception {
      long t0 = System.nanoTime();
      String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
          .instances().get(0).instanceId();
      long answered = (System.nanoTime() - t0) / 1_000_000;
      String line = "EUCA-METADATA instance-id=" + id;
      Steps steps = new Steps(t0, line);
      long deadline = t0 + Duration.ofMinutes(5).toNanos();
      String text = "";
      while (!steps.seen(text)) {
        if (System.nanoTime() > deadline || text.contains("EUCA-DHCP: failed")) {
          throw new IllegalStateException(id + ": no instance id on its console:\n" + tail(text));
        }
        Thread.sleep(100);
        text = console(id).orElse("");
      }
      long ms = steps.total();
      // What users read says the same (the CLC's GetConsoleOutput, from the node through the CC).
      long checkDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!decoded(ec2.getConsoleOutput(r -> r.instanceId(id)).output()).contains(line)) {
        if (System.nanoTime() > checkDeadline) {
          throw new IllegalStateException(id + ": the line is in the node's console log but not in GetConsoleOutput");
        }
        Thread.sleep(500);
      }
      System.out.printf(Locale.ROOT, "  cloud %s: %s (RunInstances answered in %d ms)   %s%n      node: %s%n", id,
          steps, answered, insideTheGuest(text), nodeSteps(id));
      ec2.terminateInstances(r -> r.instanceIds(id));
      long endDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name()
          != InstanceStateName.TERMINATED) {
        if (System.nanoTime() > endDeadline) {
          throw new IllegalStateException(id + " not terminated within 2 minutes");
        }
        Thread.sleep(250);
      }
      return ms;
    }

    /** The node's console log of {@code id}: INSTANCE_PATH/work/ACCOUNT/ID/console.log. */
    private Optional<String> console(String id) throws Exception {
      if (!Files.isDirectory(consoles)) {
        return Optional.empty();
      }
      try (var accounts = Files.list(consoles)) {
        for (Path account : accounts.toList()) {
          Path log = account.resolve(id).resolve("console.log");
          if (Files.exists(log)) {
            return Optional.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
          }
        }
      }
      return Optional.empty();
    }

    private static String decoded(String output) {
      return output == null ? "" : new String(java.util.Base64.getMimeDecoder().decode(output), StandardCharsets.UTF_8);
    }
  }

  /**
   * When each of a boot's steps first showed on its console, seen every 100 ms: the console's first byte
   * (QEMU and its firmware started, the kernel speaking), the root disk's marker, the DHCP lease, and the
   * instance id read from the metadata service (the end).
   */
  private static final class Steps {
    private final long t0;
    private final String[] lines;
    private final long[] at;

    Steps(long t0, String last) {
      this.t0 = t0;
      this.lines = new String[] {"Linux version", "EUCA-MARKER: guest booted from disk", "EUCA-DHCP: ", last};
      this.at = new long[lines.length];
    }

    /** Notes the steps {@code console} shows now; whether the last has shown. */
    boolean seen(String console) {
      long now = (System.nanoTime() - t0) / 1_000_000;
      for (int i = 0; i < lines.length; i++) {
        if (at[i] == 0 && console.contains(lines[i])) {
          at[i] = now;
        }
      }
      return at[lines.length - 1] != 0;
    }

    long total() {
      return at[lines.length - 1];
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%5d ms: kernel %5d, disk marker %5d, lease %5d", total(), at[0], at[1], at[2]);
    }
  }

  /** The guest's own clock: its uptime at the root disk's marker, and the address it leased. */
  private static String insideTheGuest(String console) {
    Matcher up = UPTIME.matcher(console);
    Matcher dhcp = DHCP.matcher(console);
    return "(guest uptime at its disk's marker " + (up.find() ? up.group(1) + " s" : "?") + ", leased "
        + (dhcp.find() ? dhcp.group(1) : "?") + ")";
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 15), lines.length));
  }
}
