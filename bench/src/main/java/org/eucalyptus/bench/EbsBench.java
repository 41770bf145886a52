package org.eucalyptus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * EBS end to end: the control plane through the EC2 API of a cloud of separate processes (CLC with
 * Walrus, CC, NC on the test driver, and a storage controller with its own tgtd, files backend),
 * beside Walrus's own large PUT/GET on the same Walrus; then a real QEMU guest on a node controller
 * with a volume attached through QEMU's iSCSI initiator and a local qcow2 disk, each read and
 * written sequentially inside the guest. Prints each figure beside its target.
 *
 * <p>Arguments: {@code GUEST_DIR} (tests/guest/build-test-guest), then {@code --creates N} (default
 * 10), {@code --mib N} MiB of random bytes in the snapshotted volume (default 1024, the whole 1 GiB
 * volume), {@code --rounds N} (default 1; best of them), {@code --guest-mib N} (default 768),
 * {@code --guest-rounds N} (default 3: the guest half that many times, the disks' order alternating);
 * {@code --guest-only}: the guest half alone, on a sparse file as the files backend makes.
 */
public final class EbsBench {
  private EbsBench() {}

  public static void main(String[] args) throws Exception {
    Path guest = Path.of(args[0]);
    int creates = 10;
    int mib = 1024;
    int rounds = 1;
    int guestMib = 768;
    int guestRounds = 3;
    boolean guestOnly = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--creates" -> creates = Integer.parseInt(args[++i]);
        case "--mib" -> mib = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--guest-mib" -> guestMib = Integer.parseInt(args[++i]);
        case "--guest-rounds" -> guestRounds = Integer.parseInt(args[++i]);
        case "--guest-only" -> guestOnly = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (mib > 1024 || guestMib > 1000) {
      throw new IllegalArgumentException("--mib is at most 1024 and --guest-mib at most 1000 (1 GiB volumes)");
    }
    if (guestRounds < 1) {
      throw new IllegalArgumentException("--guest-rounds is at least 1");
    }
    Path src = Path.of(System.getProperty("euca.src", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("euca-ebs-bench-");
    long t0 = System.nanoTime();
    int code = 0;
    try {
      Path guestVolume;
      if (guestOnly) {
        // The guest half alone: a sparse 1 GiB file as FileVolumes makes one, with the header.
        guestVolume = work.resolve("volume");
        try (var f = new java.io.RandomAccessFile(guestVolume.toFile(), "rw")) {
          f.setLength(EbsControlPlane.GIB);
        }
        EbsControlPlane.writeBenchHeader(guestVolume, guestMib);
      } else {
        EbsControlPlane.Figures cp;
        try (EbsControlPlane plane = new EbsControlPlane(src, work)) {
          cp = plane.run(creates, mib, rounds);
          guestVolume = plane.volumeForGuest(guestMib);
        }
        print(cp, creates, mib, rounds);
      }
      // Rounds alternate which disk goes first, so a load that comes and goes favours neither.
      List<EbsGuestDisks.Figures> guestFigures = new ArrayList<>();
      for (int r = 0; r < guestRounds; r++) {
        try (EbsGuestDisks disks = new EbsGuestDisks(guest, work.resolve("guest-" + r), work.resolve("libvirt"))) {
          guestFigures.add(disks.run(guestVolume, guestMib, r % 2 == 1));
        }
      }
      print(guestFigures, guestMib);
    } catch (Exception e) {
      System.err.println("bench/ebs failed: " + e.getMessage() + " (logs in " + work.resolve("log") + ")");
      e.printStackTrace();
      code = 1;
    } finally {
      System.out.printf(Locale.ROOT, "%nbench/ebs took %.0f s%n", (System.nanoTime() - t0) / 1e9);
      if (code == 0) {
        try (var files = Files.walk(work)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    System.exit(code);
  }

  private static void print(EbsControlPlane.Figures f, int creates, int mib, int rounds) {
    System.out.printf(Locale.ROOT, "%nEBS through the EC2 API (AWS SDK v2): CLC+Walrus, CC, NC (test driver) and SC"
        + " (files, its own tgtd) as processes%n");
    System.out.printf(Locale.ROOT, "  CreateVolume (1 GiB) -> available, N=%d:     median %5d ms   p90 %5d ms%n",
        creates, f.createMedianMs(), f.createP90Ms());
    System.out.printf(Locale.ROOT, "  %d MiB of random bytes in a 1 GiB volume; best of %d; MB/s over the volume's 1 GiB:%n",
        mib, rounds);
    System.out.printf(Locale.ROOT, "  CreateSnapshot -> completed (into Walrus): %7.0f MB/s   Walrus PutObject (SDK, 1 GiB)"
        + " %6.0f MB/s   %4.0f %%  (target >= 80 %%)%n", f.snapshotMBs(), f.sdkPutMBs(),
        100 * f.snapshotMBs() / f.sdkPutMBs());
    System.out.printf(Locale.ROOT, "  CreateVolume from it -> available:         %7.0f MB/s   Walrus GetObject (SDK, 1 GiB)"
        + " %6.0f MB/s   %4.0f %%  (target >= 80 %%)%n", f.restoreMBs(), f.sdkGetMBs(),
        100 * f.restoreMBs() / f.sdkGetMBs());
    System.out.printf(Locale.ROOT, "  within the snapshot, the SC's %s%n", f.pointInTimeCopy());
    System.out.printf(Locale.ROOT, "  restored volume byte-identical to the snapshotted one: %s%n", f.identical());
  }

  private static void print(List<EbsGuestDisks.Figures> rounds, int mib) {
    System.out.printf(Locale.ROOT, "%nIn a real guest (tiny test guest, 1 vcpu, QEMU TCG via qemu:///embed through the NC;"
        + " busybox dd, 1 MiB blocks, O_DIRECT, %d MiB; %d rounds):%n", mib, rounds.size());
    System.out.printf(Locale.ROOT, "  the local qcow2 disk as the NC gives an instance's disk (libvirt's default cache:"
        + " writeback); both disks hold the same bytes, dropped from the host's page cache before the first read%n");
    for (int r = 0; r < rounds.size(); r++) {
      EbsGuestDisks.Figures g = rounds.get(r);
      System.out.printf(Locale.ROOT, "  round %d (%s first): ncAttachVolume -> EUCA-DISKS in the console %d ms"
          + " (the local disk hot-plugged: %d ms)%n", r + 1, g.volumeFirst() ? "volume" : "local disk",
          g.attachVisibleMs(), g.localVisibleMs());
      System.out.printf(Locale.ROOT, "    MB/s, volume / local:  read %6.1f / %6.1f (%3.0f %%)   write %6.1f / %6.1f (%3.0f %%)"
          + "   read again %6.1f / %6.1f (%3.0f %%)   buffered write %6.1f / %6.1f (%3.0f %%)%n",
          g.volume().coldReadMBs(), g.local().coldReadMBs(), 100 * g.volume().coldReadMBs() / g.local().coldReadMBs(),
          g.volume().writeMBs(), g.local().writeMBs(), 100 * g.volume().writeMBs() / g.local().writeMBs(),
          g.volume().warmReadMBs(), g.local().warmReadMBs(), 100 * g.volume().warmReadMBs() / g.local().warmReadMBs(),
          g.volume().bufferedWriteMBs(), g.local().bufferedWriteMBs(),
          100 * g.volume().bufferedWriteMBs() / g.local().bufferedWriteMBs());
    }
    System.out.printf(Locale.ROOT, "                                  volume/local, median (min-max of %d rounds)%n", rounds.size());
    line("sequential read (from storage)", rounds, r -> r.coldReadMBs(), "target >= 70 %");
    line("sequential write (flushed)", rounds, r -> r.writeMBs(), "target >= 70 %");
    line("written through the guest's page cache", rounds, r -> r.bufferedWriteMBs(),
        "as a filesystem writes; no target of its own: under TCG the guest's copying bounds both disks");
    line("read again (host page caches)", rounds, r -> r.warmReadMBs(), "no target: a cache's speed, not the disk's");
  }

  private static void line(String what, List<EbsGuestDisks.Figures> rounds,
      ToDoubleFunction<EbsGuestDisks.Rates> rate, String target) {
    double[] ratios = rounds.stream().mapToDouble(g -> 100 * rate.applyAsDouble(g.volume()) / rate.applyAsDouble(g.local()))
        .sorted().toArray();
    double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
        : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    System.out.printf(Locale.ROOT, "  %-31s %4.0f %%  (%.0f-%.0f %%)  (%s)%n", what, median, ratios[0],
        ratios[ratios.length - 1], target);
  }
}
