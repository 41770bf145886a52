package org.eucalyptus.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.nc.hypervisor.DomainSpec;
import org.eucalyptus.nc.hypervisor.DomainXml;
import org.eucalyptus.sc.iscsi.TargetParams;
import org.eucalyptus.sc.iscsi.TgtAdmin;
import org.eucalyptus.sc.iscsi.TgtDaemon;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcAttachVolume;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * The guest half of bench/ebs, one round: a node controller in this process (QEMU through libvirt's
 * embedded driver) boots the test guest; a local qcow2 disk (rendered as the node renders an
 * instance's disk) is hot-plugged through the same libvirt, and the volume's file, exported by a tgtd
 * of the bench's own (started and shaped as the SC does its own) without a CHAP account (libvirt 9.0's
 * embedded driver cannot hand QEMU a secret; see ARCHITECTURE), is attached with ncAttachVolume, in
 * the order the round asks. Both hold the same bytes, out of the host's page cache. The guest
 * benchmarks each disk whose first bytes say so (tests/guest/init.sh) and prints uptimes.
 */
final class EbsGuestDisks implements AutoCloseable {
  static final int TGT_CONTROL = 7241;
  static final int TGT_PORTAL = 13441;
  private static final String IQN = "iqn.2026-12.org.eucalyptus.bench:vol-ebsbench";
  private static final String INSTANCE = "i-EB5B0001";
  private static final Pattern BENCH = Pattern.compile(
      "EUCA-BENCH (\\w+) mib=(\\d+) t0=([\\d.]+) t1=([\\d.]+) t2=([\\d.]+) t3=([\\d.]+) t4=([\\d.]+)");

  /** One round: the attach times, and each disk's rates in the order the guest measures them. */
  record Figures(long attachVisibleMs, long localVisibleMs, boolean volumeFirst, Rates volume, Rates local) {}

  /**
   * MB/s of the guest's read from the storage, its write (flushed), its read again (host caches), all
   * O_DIRECT with one 1 MiB request in flight, and its write through its own page cache (flushed).
   */
  record Rates(double coldReadMBs, double writeMBs, double warmReadMBs, double bufferedWriteMBs) {}

  private final Path guest;
  private final Path work;
  private final Path libvirt;
  private NodeController node;
  private EucalyptusNCPortType nc;
  private TgtDaemon tgtd;

  /** {@code libvirt}: the embedded driver's root, the same for every round (a process opens one only). */
  EbsGuestDisks(Path guest, Path work, Path libvirt) {
    this.guest = guest;
    this.work = work;
    this.libvirt = libvirt;
  }

  /**
   * One round on {@code volume} (its first MiB and {@code mib} MiB after it are overwritten): both
   * disks filled alike and dropped from the host's page cache, then the local disk hot-plugged and
   * benchmarked before the volume, or after it when {@code volumeFirst}.
   */
  Figures run(Path volume, int mib, boolean volumeFirst) throws Exception {
    Files.createDirectories(work);
    BenchDiskData data = new BenchDiskData(new CommandRunner(Duration.ofMinutes(5)));
    // The local disk: a qcow2 holding the same bytes (as an instance's disk made from an image does).
    Path raw = work.resolve("local.raw");
    data.fill(raw, mib);
    run("truncate", "-s", "1G", raw.toString());
    Path qcow2 = work.resolve("local.qcow2");
    run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString());
    Files.delete(raw);
    data.dropFromPageCache(qcow2);
    data.fill(volume, mib);
    data.dropFromPageCache(volume);
    startTgt(volume);
    node = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "qemu", "LIBVIRT_URI", "qemu:///embed?root=" + libvirt,
        "INSTANCE_PATH", work.resolve("instances").toString(), "NC_KEYS_DIR", work.resolve("keys").toString(),
        "MAX_CORES", "2", "MAX_MEM", "1024", "MAX_DISK", "20", "NC_MONITOR_MS", "200"))).start();
    nc = SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + node.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2),
        Duration.ofSeconds(120));
    boot();
    long[] visible = new long[2];
    Rates[] rates = new Rates[2];
    for (boolean volumeNow : volumeFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
      int disks = count(console(), "EUCA-DISKS:");
      int benches = count(console(), "EUCA-BENCH ");
      long t = System.nanoTime();
      if (volumeNow) {
        attachVolume();
      } else {
        attachLocal(qcow2);
      }
      int i = volumeNow ? 0 : 1;
      visible[i] = awaitDisks(disks, t);
      rates[i] = awaitBench(mib, benches);
    }
    return new Figures(visible[0], visible[1], volumeFirst, rates[0], rates[1]);
  }

  /** The local disk as the node controller renders an instance's own disk (its cache mode and all). */
  static String localDisk(Path qcow2) {
    return DomainXml.disk(new DomainSpec.Disk(qcow2, "qcow2", "vdp", false));
  }

  private void attachLocal(Path qcow2) throws Exception {
    // The bench's own connection to the node's embedded libvirt (this process may open it again).
    org.libvirt.Connect own = new org.libvirt.Connect("qemu:///embed?root=" + libvirt, false);
    try {
      own.domainLookupByName(INSTANCE).attachDevice(localDisk(qcow2));
    } finally {
      own.close();
    }
  }

  private void attachVolume() throws Exception {
    NcAttachVolume a = new NcAttachVolume();
    a.setInstanceId(INSTANCE);
    a.setVolumeId("vol-ebsbench");
    a.setRemoteDev("iscsi://127.0.0.1:" + TGT_PORTAL + "/" + IQN + "/1");
    a.setLocalDev("/dev/sdf");
    nc.ncAttachVolume(a);
  }

  private void boot() throws Exception {
    NcRunInstance r = new NcRunInstance();
    r.setInstanceId(INSTANCE);
    r.setReservationId("r-EB5B0001");
    r.setImageId("emi-EB5B0001");
    r.setAccountId("123456789012");
    VirtualMachineType type = new VirtualMachineType();
    type.setName("bench");
    type.setCores(1);
    type.setMemory(128);
    type.setDisk(1);
    r.setInstanceType(type);
    NetConfigType net = new NetConfigType();
    net.setPrivateMacAddress("d0:0d:eb:5b:00:01");
    r.setNetParams(net);
    r.setKernelURL(guest.resolve("vmlinuz").toUri().toString());
    r.setRamdiskURL(guest.resolve("initrd.gz").toUri().toString());
    r.setImageURL(guest.resolve("disk.img").toUri().toString());
    nc.ncRunInstance(r);
    await("the guest watching its disks", Duration.ofMinutes(3), () -> console().contains("EUCA-DISKS:"));
  }

  /** Milliseconds from {@code t0} until the console shows one more disk list than {@code before}. */
  private long awaitDisks(int before, long t0) throws Exception {
    await("the new disk in the guest", Duration.ofMinutes(1), () -> count(console(), "EUCA-DISKS:") > before);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** The rates of the guest's next EUCA-BENCH line after the {@code before} it printed already. */
  private Rates awaitBench(int mib, int before) throws Exception {
    await("the guest's dd", Duration.ofMinutes(5), () -> count(console(), "EUCA-BENCH ") > before);
    Matcher m = BENCH.matcher(console());
    List<Matcher> all = new ArrayList<>();
    while (m.find()) {
      all.add(BENCH.matcher(m.group()));
    }
    Matcher last = all.get(before);
    if (!last.matches()) {
      throw new IllegalStateException("unreadable EUCA-BENCH line");
    }
    double[] t = new double[5];
    for (int i = 0; i < t.length; i++) {
      t[i] = Double.parseDouble(last.group(3 + i));
    }
    double mb = mib * 1048576 / 1e6;
    return new Rates(mb / (t[1] - t[0]), mb / (t[2] - t[1]), mb / (t[3] - t[2]), mb / (t[4] - t[3]));
  }

  private String console() {
    NcGetConsoleOutput g = new NcGetConsoleOutput();
    g.setInstanceId(INSTANCE);
    try {
      return new String(Base64.getDecoder().decode(nc.ncGetConsoleOutput(g).getConsoleOutput()),
          StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "";
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private void await(String what, Duration limit, java.util.function.BooleanSupplier done) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        String c = console();
        throw new IllegalStateException("timed out waiting for " + what + "; console:\n"
            + c.substring(Math.max(0, c.length() - 1500)));
      }
      Thread.sleep(50);
    }
  }

  /**
   * The bench's own tgtd on its own ports, started and shaped as the storage controller does it (its
   * TgtDaemon, the SC's target parameters): one target, LUN 1 the volume's file, any initiator, no CHAP.
   */
  private void startTgt(Path volume) throws Exception {
    TgtAdmin admin = new TgtAdmin(new CommandRunner(Duration.ofSeconds(30)), TGT_CONTROL);
    tgtd = TgtDaemon.start(TGT_CONTROL, "127.0.0.1:" + TGT_PORTAL, admin, work.resolve("tgtd.log"),
        work.resolve("tgtd.pid"), Duration.ofSeconds(10));
    admin.newTarget(1, IQN, volume.toString());
    TargetParams.set(admin, 1);
    admin.bindInitiator(1, "ALL");
  }

  private static void run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
    }
  }

  @Override
  public void close() {
    if (nc != null) {
      try {
        NcTerminateInstance t = new NcTerminateInstance();
        t.setInstanceId(INSTANCE);
        nc.ncTerminateInstance(t);
      } catch (Exception e) {
        System.err.println("bench/ebs: terminating the guest: " + e.getMessage());
      }
    }
    if (node != null) {
      try {
        node.close();
      } catch (Exception e) {
        System.err.println("bench/ebs: stopping the node controller: " + e.getMessage());
      }
    }
    // A QEMU the embedded driver left behind (its command line names our directory), by its pid.
    String mine = work.toString();
    ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains("qemu-system")
        && h.info().commandLine().orElse("").contains(mine)).forEach(ProcessHandle::destroyForcibly);
    if (tgtd != null) {
      tgtd.close();
    }
  }
}
