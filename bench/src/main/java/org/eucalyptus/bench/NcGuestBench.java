package org.eucalyptus.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.nc.images.ImageFetcher;
import org.eucalyptus.nc.images.NodeCredentials;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * Real guests through one node controller (QEMU through libvirt's embedded driver, driven by its
 * SOAP API) beside the same guest booted by {@code qemu-system-x86_64} itself ({@link RawQemu}, run
 * first, the baseline of every ratio): RunInstance to the guest's marker on its console on the node's
 * first start, with an image uncached (registered as users do, a bundle in Walrus, see
 * {@link BundledImages}) and cached; the decrypt-and-fetch pipeline's MB/s on a larger bundle, and a
 * second node's fetch of it while the first still fetches; then guests started per minute with N
 * booting at once, by raw QEMU and by the NC, each terminated once its marker shows.
 *
 * <p>Arguments: {@code GUEST_DIR} (from tests/guest/build-test-guest), then {@code --memory MiB}
 * (default 96: Debian's kernel does not get past its decompressor in less than about 92 MiB),
 * {@code --seconds N} (default 60), {@code --parallel N} guests booting at once (default 2, one per core
 * here), {@code --fetch-mib N} the pipeline's image (default 256; half random, half zeros, a MiB at a time).
 */
public final class NcGuestBench {
  static final String MARKER = "EUCA-MARKER: guest booted from disk";
  private static final int DISK_GB = 1;
  private static final String ACCOUNT = "123456789012";

  /** Where a launch's kernel, ramdisk and root image come from. */
  private record Urls(String kernel, String ramdisk, String image) {
    static Urls files(Path dir) {
      return new Urls(dir.resolve("vmlinuz").toUri().toString(), dir.resolve("initrd.gz").toUri().toString(),
          dir.resolve("disk.img").toUri().toString());
    }
  }

  private final Urls urls;
  private final int memory;
  private final EucalyptusNCPortType nc;
  /** Where the node keeps its instances' console logs (INSTANCE_PATH/work/ACCOUNT). */
  private final Path consoles;
  private int next = 1;

  private NcGuestBench(Urls urls, int memory, EucalyptusNCPortType nc, Path consoles) {
    this.urls = urls;
    this.memory = memory;
    this.nc = nc;
    this.consoles = consoles;
  }

  public static void main(String[] args) throws Exception {
    Path guest = Path.of(args[0]);
    int memory = 96;
    int seconds = 60;
    int parallel = 2;
    int fetchMib = 256;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--memory" -> memory = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--parallel" -> parallel = Integer.parseInt(args[++i]);
        case "--fetch-mib" -> fetchMib = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("nc-guest-bench-");
    try {
      run(guest, memory, seconds, parallel, fetchMib, work);
    } finally {
      new ProcessBuilder("pkill", "-f", "qemu-system-x86_64.*" + work).start().waitFor();
      try (var walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  private static void run(Path guest, int memory, int seconds, int parallel, int fetchMib, Path work)
      throws Exception {
    System.out.printf(Locale.ROOT, "guest: %s, %d MiB, 1 vcpu, %d GB disk; QEMU TCG; %d cores%n", guest, memory,
        DISK_GB, Runtime.getRuntime().availableProcessors());
    // The baseline first: the same guest, memory and disks, QEMU started by hand (median of 3).
    RawQemu raw = new RawQemu(guest, memory, DISK_GB, work.resolve("raw"));
    raw.prepare(3);
    List<Long> rawBoots = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rawBoots.add(raw.bootOne());
    }
    rawBoots.sort(null);
    double rawS = rawBoots.get(1) / 1000.0;
    System.out.printf(Locale.ROOT, "raw QEMU -> marker (median of 3: %s ms):   %6.1f s%n", rawBoots, rawS);

    CloudCa ca = CloudCa.loadOrCreate(work.resolve("ca"));
    Path ncKeys = work.resolve("nc-keys");
    ComponentKeys keys = ComponentKeys.open(ncKeys, ComponentIdentity.NODE);
    keys.install(ca.certifyComponent(ComponentIdentity.NODE, "bench-node", keys.publicKey()), ca.certificate());
    // Walrus first: the node's first launch is asked for the moment the node answers.
    try (BundledImages walrus = new BundledImages(work.resolve("walrus"), ca)) {
      NodeController node = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
          "HYPERVISOR", "qemu", "LIBVIRT_URI", "qemu:///embed?root=" + work.resolve("libvirt"),
          "INSTANCE_PATH", work.resolve("instances").toString(), "MAX_CORES", String.valueOf(parallel * 2),
          "MAX_MEM", String.valueOf(parallel * 2 * memory), "MAX_DISK", "200", "NC_MONITOR_MS", "200",
          "NC_KEYS_DIR", ncKeys.toString()))).start();
      try {
        measure(node, walrus, ca, guest, memory, seconds, parallel, fetchMib, work, rawS, raw, ncKeys);
      } finally {
        node.close();
      }
    }
  }

  private static void measure(NodeController node, BundledImages walrus, CloudCa ca, Path guest, int memory,
      int seconds, int parallel, int fetchMib, Path work, double rawS, RawQemu raw, Path ncKeys) throws Exception {
    {
      // An enrolled node takes calls signed by a certificate of its cloud: the CA's own, as the CLC signs.
      SigningIdentity cloud = new SigningIdentity(ca.privateKey(), ca.certificate(), ca.certificate());
      EucalyptusNCPortType client = WsSecurity.signing(SoapClients.create(EucalyptusNCPortType.class,
          "http://127.0.0.1:" + node.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2),
          Duration.ofSeconds(120)), () -> java.util.Optional.of(cloud));
      // The first start in a fresh embedded root also waits for libvirt's one-time probe of QEMU's capabilities
      // (the node begins it as it starts).
      Path consoles = work.resolve("instances").resolve("work").resolve(ACCOUNT);
      NcGuestBench local = new NcGuestBench(Urls.files(guest), memory, client, consoles);
      row("RunInstance -> marker, first start of the node:", local.bootOne(), rawS, 1.5);
      Urls bundled = new Urls(walrus.register(guest.resolve("vmlinuz"), "vmlinuz"),
          walrus.register(guest.resolve("initrd.gz"), "initrd"), walrus.register(guest.resolve("disk.img"), "disk"));
      NcGuestBench b = new NcGuestBench(bundled, memory, client, consoles);
      b.next = local.next;
      row("RunInstance -> marker, uncached image (Walrus bundle):", b.bootOne(), rawS, 1.3);
      // The cached launch against raw QEMU booted in turn with it, three each: both under the same load
      // (a baseline taken minutes earlier swung 5.8-7.8 s on these machines).
      raw.prepare(3);
      List<Long> rawTurns = new ArrayList<>();
      List<Long> cachedTurns = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        rawTurns.add(raw.bootOne());
        cachedTurns.add(b.bootOne());
      }
      System.out.printf(Locale.ROOT, "raw QEMU -> marker, in turn with the cached launches: %s ms; cached: %s ms%n",
          rawTurns, cachedTurns);
      row("RunInstance -> marker, cached image (medians, in turn):", median(cachedTurns), median(rawTurns) / 1000.0,
          1.1);
      fetchPipeline(walrus, ncKeys, work, fetchMib);
      double rawRate = throughput("raw QEMU", seconds, parallel, raw);
      double ncRate = b.throughput(seconds, parallel);
      System.out.printf(Locale.ROOT, "guests per minute, NC / raw QEMU with %d at once: %.0f %%   (target >= 80 %%)%n",
          parallel, 100 * ncRate / rawRate);
    }
  }

  private static long median(List<Long> ms) {
    List<Long> sorted = new ArrayList<>(ms);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static void row(String what, long ms, double rawS, double target) {
    double s = ms / 1000.0;
    System.out.printf(Locale.ROOT, "%-56s %6.1f s  %4.2fx raw  (target <= %.1fx)%n", what, s, s / rawS, target);
  }

  /**
   * A node's fetch of an uncached bundle of {@code mib} MiB (Walrus checks, decrypts and serves it; the
   * node writes it to a file), in MB/s of the image; and two nodes asking for another such bundle at once.
   */
  private static void fetchPipeline(BundledImages walrus, Path ncKeys, Path work, int mib) throws Exception {
    Path image = work.resolve("fetch.img");
    byte[] chunk = new byte[1 << 20];
    java.util.Random rnd = new java.util.Random(5);
    try (var out = Files.newOutputStream(image)) {
      for (int i = 0; i < mib; i++) {
        rnd.nextBytes(chunk);
        java.util.Arrays.fill(chunk, chunk.length / 2, chunk.length, (byte) 0);
        out.write(chunk);
      }
    }
    String one = walrus.register(image, "fetch-one");
    String two = walrus.register(image, "fetch-two");
    Files.delete(image);
    NodeCredentials creds = new NodeCredentials(Pem.readCertificate(ncKeys.resolve("node-cert.pem")),
        Pem.readPrivateKey(ncKeys.resolve("node-pk.pem")));
    try (ImageFetcher fetcher = new ImageFetcher(() -> creds, java.time.Clock.systemUTC())) {
      long t0 = System.nanoTime();
      long size = fetcher.fetch(one, work.resolve("fetched-one"));
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "uncached bundle of %d MiB, Walrus decrypt -> node file:  %6.0f MB/s  (%.2f s;"
          + " target >= 150 MB/s)%n", mib, size / 1e6 / s, s);
      Files.delete(work.resolve("fetched-one"));
      // Two nodes at once on a bundle nobody fetched yet: Walrus decrypts it once for both.
      t0 = System.nanoTime();
      var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return fetcher.fetch(two, work.resolve("fetched-b"));
        } catch (org.eucalyptus.nc.images.ImageException e) {
          throw new IllegalStateException(e);
        }
      });
      fetcher.fetch(two, work.resolve("fetched-a"));
      other.join();
      s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "the same, two nodes at once on another such bundle:      %6.2f s for both"
          + " (one decryption between them)%n", s);
    }
  }

  /** Raw QEMU's guests per minute with {@code parallel} booting at once (their disks made beforehand). */
  private static double throughput(String who, int seconds, int parallel, RawQemu raw) throws Exception {
    raw.prepare(parallel * Math.max(1, seconds / 4) + parallel);
    List<RawQemu.Guest> booting = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    while (System.nanoTime() < end) {
      while (booting.size() < parallel) {
        booting.add(raw.start());
      }
      for (RawQemu.Guest g : new ArrayList<>(booting)) {
        if (g.booted()) {
          times.add((System.nanoTime() - g.started) / 1_000_000);
          g.kill();
          booting.remove(g);
        }
      }
      Thread.sleep(100);
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    for (RawQemu.Guest g : booting) {
      g.kill();
    }
    return report(who, seconds, parallel, times, minutes);
  }

  private static double report(String who, int seconds, int parallel, List<Long> times, double minutes) {
    times.sort(null);
    System.out.printf(Locale.ROOT, "%s: guests started (marker seen) in %d s with %d booting at once: %d, %.1f per"
        + " minute; start -> marker p50 %.1f s, max %.1f s%n", who, seconds, parallel, times.size(),
        times.size() / minutes, times.isEmpty() ? 0 : times.get(times.size() / 2) / 1000.0,
        times.isEmpty() ? 0 : times.get(times.size() - 1) / 1000.0);
    return times.size() / minutes;
  }

  private String launch() throws Exception {
    String id = String.format("i-%08X", 0xB0000000 + next++);
    NcRunInstance r = new NcRunInstance();
    r.setInstanceId(id);
    r.setReservationId("r-0000BEEF");
    r.setImageId("emi-0000BEEF");
    r.setAccountId(ACCOUNT);
    VirtualMachineType t = new VirtualMachineType();
    t.setName("bench");
    t.setCores(1);
    t.setMemory(memory);
    t.setDisk(DISK_GB);
    r.setInstanceType(t);
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress(String.format("d0:0d:%02x:%02x:%02x:%02x", next >> 24 & 0xff, next >> 16 & 0xff,
        next >> 8 & 0xff, next & 0xff));
    r.setNetParams(net);
    r.setKernelURL(urls.kernel());
    r.setRamdiskURL(urls.ramdisk());
    r.setImageURL(urls.image());
    nc.ncRunInstance(r);
    return id;
  }

  /**
   * Whether the marker is on the guest's console: read from the node's console log file, as the raw
   * baseline reads its own (through the SOAP API ten times a second per guest, the signing and XML cost
   * this process a third of a core, taken from the guests booting beside it).
   */
  private boolean booted(String id) throws Exception {
    Path log = consoles.resolve(id).resolve("console.log");
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(MARKER);
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  /** The console as users read it, through the node's GetConsoleOutput. */
  private String consoleOutput(String id) throws Exception {
    NcGetConsoleOutput g = new NcGetConsoleOutput();
    g.setInstanceId(id);
    return new String(Base64.getDecoder().decode(nc.ncGetConsoleOutput(g).getConsoleOutput()), StandardCharsets.UTF_8);
  }

  private void terminate(String id) throws Exception {
    NcTerminateInstance t = new NcTerminateInstance();
    t.setInstanceId(id);
    nc.ncTerminateInstance(t);
  }

  /** Milliseconds from RunInstance to the marker. */
  private long bootOne() throws Exception {
    long t0 = System.nanoTime();
    String id = launch();
    long deadline = t0 + Duration.ofMinutes(3).toNanos();
    while (!booted(id)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(id + " showed no marker within 3 minutes");
      }
      Thread.sleep(100);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (!consoleOutput(id).contains(MARKER)) {
      throw new IllegalStateException(id + ": the marker is in the console log but not in GetConsoleOutput");
    }
    terminate(id);
    return ms;
  }

  /** Keeps {@code parallel} guests booting for {@code seconds}; each is terminated once it has booted. */
  private double throughput(int seconds, int parallel) throws Exception {
    Map<String, Long> booting = new HashMap<>();
    List<Long> times = new ArrayList<>();
    List<Long> terminations = java.util.Collections.synchronizedList(new ArrayList<>());
    List<java.util.concurrent.CompletableFuture<Void>> terminating = new ArrayList<>();
    java.util.concurrent.ExecutorService terminator = java.util.concurrent.Executors.newSingleThreadExecutor();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    while (System.nanoTime() < end) {
      while (booting.size() < parallel) {
        booting.put(launch(), System.nanoTime());
      }
      for (String id : new ArrayList<>(booting.keySet())) {
        if (booted(id)) {
          times.add((System.nanoTime() - booting.remove(id)) / 1_000_000);
          // As a CC would, the next launch does not wait for the last one's terminate to answer.
          terminating.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
            long t = System.nanoTime();
            try {
              terminate(id);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            terminations.add((System.nanoTime() - t) / 1_000_000);
          }, terminator));
        }
      }
      Thread.sleep(100);
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    for (String id : booting.keySet()) {
      terminate(id);
    }
    terminating.forEach(java.util.concurrent.CompletableFuture::join);
    terminator.shutdown();
    terminations.sort(null);
    System.out.printf(Locale.ROOT, "  (TerminateInstance answered in p50 %d ms, max %d ms)%n",
        terminations.isEmpty() ? 0 : terminations.get(terminations.size() / 2),
        terminations.isEmpty() ? 0 : terminations.get(terminations.size() - 1));
    return report("node controller", seconds, parallel, times, minutes);
  }
}
