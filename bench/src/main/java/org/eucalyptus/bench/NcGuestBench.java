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
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * Real guests through one node controller (QEMU through libvirt's embedded driver, driven by its
 * SOAP API): the time from RunInstance to the guest's marker on its console with an uncached and a
 * cached image, then how many guests it starts per minute, each terminated once its marker shows.
 *
 * <p>Arguments: {@code GUEST_DIR} (from tests/guest/build-test-guest), then {@code --memory MiB}
 * (default 96: Debian's kernel does not get past its decompressor in less than about 92 MiB),
 * {@code --seconds N} (default 60), {@code --parallel N} guests booting at once (default 2, one per core here).
 */
public final class NcGuestBench {
  private static final String MARKER = "EUCA-MARKER: guest booted from disk";

  private final Path guest;
  private final int memory;
  private final EucalyptusNCPortType nc;
  private int next = 1;

  private NcGuestBench(Path guest, int memory, EucalyptusNCPortType nc) {
    this.guest = guest;
    this.memory = memory;
    this.nc = nc;
  }

  public static void main(String[] args) throws Exception {
    Path guest = Path.of(args[0]);
    int memory = 96;
    int seconds = 60;
    int parallel = 2;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--memory" -> memory = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--parallel" -> parallel = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("nc-guest-bench-");
    NodeController node = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "qemu", "LIBVIRT_URI", "qemu:///embed?root=" + work.resolve("libvirt"),
        "INSTANCE_PATH", work.resolve("instances").toString(), "MAX_CORES", String.valueOf(parallel * 2),
        "MAX_MEM", String.valueOf(parallel * 2 * memory), "MAX_DISK", "200", "NC_MONITOR_MS", "200"))).start();
    try {
      EucalyptusNCPortType client = SoapClients.create(EucalyptusNCPortType.class,
          "http://127.0.0.1:" + node.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2),
          Duration.ofSeconds(120));
      System.out.printf(Locale.ROOT, "guest: %s, %d MiB, 1 vcpu; QEMU TCG through qemu:///embed; %d cores%n", guest,
          memory, Runtime.getRuntime().availableProcessors());
      NcGuestBench warm = new NcGuestBench(guest, memory, client);
      // The first start in a fresh embedded root also pays libvirt's one-time probe of QEMU's capabilities.
      System.out.printf(Locale.ROOT, "RunInstance -> marker, first start of the node:      %6.1f s%n",
          warm.bootOne() / 1000.0);
      // The same guest under other file names: other URLs, so nothing of it is in the cache yet.
      Path copy = Files.createDirectories(work.resolve("uncached"));
      for (String f : new String[] {"vmlinuz", "initrd.gz", "disk.img"}) {
        Files.copy(guest.resolve(f), copy.resolve(f));
      }
      NcGuestBench b = new NcGuestBench(copy, memory, client);
      b.next = warm.next;
      System.out.printf(Locale.ROOT, "RunInstance -> marker, uncached image:               %6.1f s%n",
          b.bootOne() / 1000.0);
      System.out.printf(Locale.ROOT, "RunInstance -> marker, cached image:                 %6.1f s%n",
          b.bootOne() / 1000.0);
      b.throughput(seconds, parallel);
    } finally {
      node.close();
      new ProcessBuilder("pkill", "-f", "qemu-system-x86_64.*" + work).start().waitFor();
      try (var walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  private String launch() throws Exception {
    String id = String.format("i-%08X", 0xB0000000 + next++);
    NcRunInstance r = new NcRunInstance();
    r.setInstanceId(id);
    r.setReservationId("r-0000BEEF");
    r.setImageId("emi-0000BEEF");
    r.setAccountId("123456789012");
    VirtualMachineType t = new VirtualMachineType();
    t.setName("bench");
    t.setCores(1);
    t.setMemory(memory);
    t.setDisk(1);
    r.setInstanceType(t);
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress(String.format("d0:0d:%02x:%02x:%02x:%02x", next >> 24 & 0xff, next >> 16 & 0xff,
        next >> 8 & 0xff, next & 0xff));
    r.setNetParams(net);
    r.setKernelURL(guest.resolve("vmlinuz").toUri().toString());
    r.setRamdiskURL(guest.resolve("initrd.gz").toUri().toString());
    r.setImageURL(guest.resolve("disk.img").toUri().toString());
    nc.ncRunInstance(r);
    return id;
  }

  private boolean booted(String id) throws Exception {
    NcGetConsoleOutput g = new NcGetConsoleOutput();
    g.setInstanceId(id);
    return new String(Base64.getDecoder().decode(nc.ncGetConsoleOutput(g).getConsoleOutput()),
        StandardCharsets.UTF_8).contains(MARKER);
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
    terminate(id);
    return ms;
  }

  /** Keeps {@code parallel} guests booting for {@code seconds}; each is terminated once it has booted. */
  private void throughput(int seconds, int parallel) throws Exception {
    Map<String, Long> booting = new HashMap<>();
    List<Long> times = new ArrayList<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    while (System.nanoTime() < end) {
      while (booting.size() < parallel) {
        booting.put(launch(), System.nanoTime());
      }
      for (String id : new ArrayList<>(booting.keySet())) {
        if (booted(id)) {
          times.add((System.nanoTime() - booting.remove(id)) / 1_000_000);
          terminate(id);
        }
      }
      Thread.sleep(100);
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    for (String id : booting.keySet()) {
      terminate(id);
    }
    times.sort(null);
    System.out.printf(Locale.ROOT, "guests started (marker seen) in %d s with %d booting at once: %d, %.1f per minute;"
        + " RunInstance -> marker p50 %.1f s, max %.1f s%n", seconds, parallel, times.size(), times.size() / minutes,
        times.isEmpty() ? 0 : times.get(times.size() / 2) / 1000.0,
        times.isEmpty() ? 0 : times.get(times.size() - 1) / 1000.0);
  }
}
