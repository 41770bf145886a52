package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.nc.hypervisor.DomainSpec;
import org.eucalyptus.nc.instances.InstanceDisks;

/**
 * The baseline of bench/nc-guests: the same guest booted by {@code qemu-system-x86_64} itself, with
 * what the node controller gives an instance (the same memory and vCPU, machine {@code pc}, the root
 * as a qcow2 overlay on the image with the ephemeral and swap disks beside it, made by the NC's own
 * {@link InstanceDisks} before the clock starts, the console on the first serial port to a file), and
 * the same 100 ms look at the console for the marker.
 */
final class RawQemu {
  private final Path guest;
  private final int memory;
  private final int diskGb;
  private final Path work;
  private final InstanceDisks disks = new InstanceDisks(new CommandRunner(Duration.ofMinutes(1)));
  private final Deque<List<DomainSpec.Disk>> ready = new ArrayDeque<>();
  private int next;

  RawQemu(Path guest, int memory, int diskGb, Path work) {
    this.guest = guest;
    this.memory = memory;
    this.diskGb = diskGb;
    this.work = work;
  }

  /** Makes the disks of {@code n} guests now, so that no boot timed later waits for them. */
  void prepare(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      Path dir = Files.createDirectories(work.resolve("raw-" + next++));
      ready.add(disks.build(dir, guest.resolve("disk.img"), diskGb));
    }
  }

  /** A booting guest: its QEMU process and console file. */
  static final class Guest {
    final Process qemu;
    final Path console;
    final long started = System.nanoTime();

    Guest(Process qemu, Path console) {
      this.qemu = qemu;
      this.console = console;
    }

    boolean booted() throws IOException {
      return shows(NcGuestBench.MARKER);
    }

    boolean shows(String line) throws IOException {
      return text().contains(line);
    }

    /** The console so far ("" before QEMU has made its file). */
    String text() throws IOException {
      return Files.exists(console) ? new String(Files.readAllBytes(console), StandardCharsets.UTF_8) : "";
    }

    void kill() throws InterruptedException {
      qemu.destroyForcibly();
      qemu.waitFor();
    }
  }

  /** Starts one guest on disks made by {@link #prepare}, with no network. */
  Guest start() throws Exception {
    return start(null, null);
  }

  /**
   * Starts one guest on disks made by {@link #prepare}: with no network when {@code net} is null, else
   * in {@code net}'s namespace on its bridge, its NIC's MAC {@code mac}.
   */
  Guest start(RawGuestNetwork net, String mac) throws Exception {
    if (ready.isEmpty()) {
      prepare(1);
    }
    List<DomainSpec.Disk> d = ready.poll();
    Path dir = d.get(0).file().getParent();
    Path console = dir.resolve("console.log");
    List<String> qemu = List.of("qemu-system-x86_64", "-accel", "tcg", "-machine", "pc",
        "-m", String.valueOf(memory), "-smp", "1", "-display", "none", "-no-reboot",
        "-serial", "file:" + console, "-kernel", guest.resolve("vmlinuz").toString(),
        "-initrd", guest.resolve("initrd.gz").toString(),
        "-append", "console=ttyS0 panic=-1 root=/dev/vda euca.instance=" + id(dir));
    List<String> cmd = new ArrayList<>(net == null ? qemu : net.inNamespace(qemu));
    cmd.addAll(net == null ? List.of("-nic", "none") : RawGuestNetwork.nic(mac));
    for (DomainSpec.Disk disk : d) {
      cmd.add("-drive");
      cmd.add("file=" + disk.file() + ",format=" + disk.format() + ",if=virtio");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("qemu.log").toFile()).start();
    return new Guest(p, console);
  }

  /** The instance id the next guest started will have (on its kernel command line). */
  String nextId() {
    if (ready.isEmpty()) {
      return "i-raw" + next;
    }
    return id(ready.peek().get(0).file().getParent());
  }

  private static String id(Path dir) {
    return "i-" + dir.getFileName().toString().replace("-", "");
  }

  /** Milliseconds from starting QEMU to the marker on the console. */
  long bootOne() throws Exception {
    Guest g = start();
    try {
      long deadline = g.started + Duration.ofMinutes(3).toNanos();
      while (!g.booted()) {
        if (!g.qemu.isAlive()) {
          throw new IllegalStateException("raw QEMU ended before the marker (exit " + g.qemu.exitValue() + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("raw QEMU showed no marker within 3 minutes");
        }
        Thread.sleep(100);
      }
      return (System.nanoTime() - g.started) / 1_000_000;
    } finally {
      g.kill();
    }
  }
}
