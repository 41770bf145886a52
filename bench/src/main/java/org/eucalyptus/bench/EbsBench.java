package org.eucalyptus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;

/**
 * EBS end to end: the control plane through the EC2 API of a cloud of separate processes (CLC with
 * Walrus, CC, NC on the test driver, and a storage controller with its own tgtd, files backend),
 * beside Walrus's own large PUT/GET on the same Walrus; then a real QEMU guest on a node controller
 * with a volume attached through QEMU's iSCSI initiator and a local qcow2 disk, each read and
 * written sequentially inside the guest. Prints each figure beside its target.
 *
 * <p>Arguments: {@code GUEST_DIR} (tests/guest/build-test-guest), then {@code --creates N} (default
 * 10), {@code --mib N} MiB of random bytes in the snapshotted volume (default 1024, the whole 1 GiB
 * volume), {@code --rounds N} (default 1; best of them), {@code --guest-mib N} (default 256);
 * {@code --guest-only}: the guest half alone, on a sparse file as the files backend makes.
 */
public final class EbsBench {
  private EbsBench() {}

  public static void main(String[] args) throws Exception {
    Path guest = Path.of(args[0]);
    int creates = 10;
    int mib = 1024;
    int rounds = 1;
    int guestMib = 256;
    boolean guestOnly = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--creates" -> creates = Integer.parseInt(args[++i]);
        case "--mib" -> mib = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--guest-mib" -> guestMib = Integer.parseInt(args[++i]);
        case "--guest-only" -> guestOnly = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (mib > 1024 || guestMib > 1000) {
      throw new IllegalArgumentException("--mib is at most 1024 and --guest-mib at most 1000 (1 GiB volumes)");
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
      EbsGuestDisks.Figures g;
      try (EbsGuestDisks disks = new EbsGuestDisks(guest, work.resolve("guest"))) {
        g = disks.run(guestVolume, guestMib);
      }
      print(g, guestMib);
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

  private static void print(EbsGuestDisks.Figures g, int mib) {
    System.out.printf(Locale.ROOT, "%nIn a real guest (tiny test guest, 1 vcpu, QEMU TCG via qemu:///embed through the NC;"
        + " busybox dd, 1 MiB blocks, O_DIRECT, %d MiB):%n", mib);
    System.out.printf(Locale.ROOT, "  ncAttachVolume (iSCSI, QEMU's initiator, no CHAP) -> EUCA-DISKS in the console:"
        + " %5d ms   (a local qcow2 disk hot-plugged: %d ms)%n", g.attachVisibleMs(), g.localVisibleMs());
    System.out.printf(Locale.ROOT, "                        iSCSI volume   local qcow2   volume/local%n");
    System.out.printf(Locale.ROOT, "  sequential write MB/s  %10.1f   %11.1f   %7.0f %%  (target >= 70 %%)%n",
        g.volumeWriteMBs(), g.localWriteMBs(), 100 * g.volumeWriteMBs() / g.localWriteMBs());
    System.out.printf(Locale.ROOT, "  sequential read  MB/s  %10.1f   %11.1f   %7.0f %%  (target >= 70 %%)%n",
        g.volumeReadMBs(), g.localReadMBs(), 100 * g.volumeReadMBs() / g.localReadMBs());
  }
}
