package org.eucalyptus.nc.instances;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.nc.hypervisor.DomainSpec;
import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.hypervisor.HypervisorException;

/**
 * Starts admitted instances in the background (a bounded pool, so many launches at once stay
 * orderly) and tears instances down: domain, then files.
 */
public final class InstanceLauncher implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(InstanceLauncher.class);

  private final InstanceTable table;
  private final Hypervisor hypervisor;
  private final String domainType;
  private final ExecutorService pool;
  private final ExecutorService fetchers;
  private final org.eucalyptus.nc.images.ImageCache images;
  private final InstanceDisks disks;
  private final org.eucalyptus.nc.network.NodeNetwork network;
  private final InstanceVolumes.Passwords passwords;
  private final org.eucalyptus.nc.iscsi.VolumeInitiator initiator;

  /**
   * @param images the node's image cache (unused by the {@code test} driver, which boots nothing)
   * @param disks builds each instance's disks from the cache
   */
  public InstanceLauncher(InstanceTable table, Hypervisor hypervisor, String domainType, int parallelLaunches,
      org.eucalyptus.nc.images.ImageCache images, InstanceDisks disks, org.eucalyptus.nc.network.NodeNetwork network,
      InstanceVolumes.Passwords passwords, org.eucalyptus.nc.iscsi.VolumeInitiator initiator) {
    this.network = network;
    this.passwords = passwords;
    this.initiator = initiator;
    this.table = table;
    this.hypervisor = hypervisor;
    this.domainType = domainType;
    this.images = images;
    this.disks = disks;
    this.pool = daemonPool("nc-launch", parallelLaunches);
    // Kernels and ramdisks, fetched while the launch's own thread fetches the root image.
    this.fetchers = daemonPool("nc-fetch", 2 * parallelLaunches);
  }

  /**
   * Up to {@code size} daemon threads named {@code name}; a node between launch bursts keeps none idle
   * (a thousand simulated nodes in one process).
   */
  private static ExecutorService daemonPool(String name, int size) {
    java.util.concurrent.ThreadPoolExecutor p = new java.util.concurrent.ThreadPoolExecutor(size, size, 30,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  /**
   * Records the instance in its work directory, so that a node controller killed before the
   * domain starts finds it again, and starts it in the background. A record that cannot be written
   * fails the launch.
   */
  public void launch(NcInstance inst) {
    try {
      InstanceCheckpoint.write(inst.workDir(), inst.request(), List.of());
      InstanceCheckpoint.markLaunching(inst.workDir());
    } catch (IOException e) {
      LOG.warn("instance {} failed to start: {}", inst.id(), e.getMessage());
      table.advance(inst.id(), NcInstance.State.FAILED, "failed to start: " + e.getMessage());
      cleanUp(inst);
      return;
    }
    pool.execute(() -> run(inst));
  }

  private void run(NcInstance inst) {
    String id = inst.id();
    try {
      Files.createDirectories(inst.workDir());
      Files.writeString(inst.consoleLog(), "");
      org.eucalyptus.common.util.StepTimes steps = new org.eucalyptus.common.util.StepTimes();
      DomainSpec spec = spec(inst, steps);
      if (!table.advance(id, NcInstance.State.BOOTING, null)) {
        cleanUp(inst); // terminated while staging
        return;
      }
      hypervisor.start(spec);
      steps.done("domain");
      recordLaunchVolumes(inst, spec);
      InstanceCheckpoint.markStarted(inst.workDir());
      if (!table.advance(id, NcInstance.State.RUNNING, null)) {
        // Terminated while booting: the terminate found no domain yet, so stop it here.
        cleanUp(inst);
        return;
      }
      LOG.info("instance {} running ({})", id, steps);
    } catch (IOException | HypervisorException | org.eucalyptus.nc.images.ImageException
        | org.eucalyptus.common.exec.CommandRunner.CommandException | RuntimeException e) {
      if (table.advance(id, NcInstance.State.FAILED, "failed to start: " + e.getMessage())) {
        LOG.warn("instance {} failed to start: {}", id, e.getMessage());
      } else {
        // A terminate came first and removed the files the launch was making: what broke is the launch's
        // consequence, not a fault to report.
        LOG.info("instance {} was terminated during its launch (the launch stopped at: {})", id, e.getMessage());
      }
      cleanUp(inst);
    }
  }

  /** Destroys the domain and removes the instance's files; safe to call more than once. */
  public void cleanUp(NcInstance inst) {
    try {
      hypervisor.destroy(inst.id());
    } catch (HypervisorException e) {
      LOG.warn("could not destroy {}: {}", inst.id(), e.getMessage());
    }
    releaseVolumes(inst);
    deleteTree(inst.workDir());
    releaseNetwork(inst);
  }

  /** The node's connections to the instance's volumes (NC_ISCSI_MODE=host: its iSCSI sessions) end with its domain. */
  private void releaseVolumes(NcInstance inst) {
    java.util.Set<String> targets = new java.util.LinkedHashSet<>();
    if (inst.request().machine() != null) {
      inst.request().machine().bootRecords().stream().filter(LaunchOrder.BootRecord::ebs)
          .forEach(b -> targets.add(b.id() + " " + b.resourceLocation()));
    }
    table.find(inst.id()).orElse(inst).volumes().stream().filter(v -> v.remoteDev() != null)
        .forEach(v -> targets.add(v.volumeId() + " " + v.remoteDev()));
    for (String t : targets) {
      String[] idAndDev = t.split(" ", 2);
      try {
        initiator.disconnect(new org.eucalyptus.nc.hypervisor.NetworkDisk(idAndDev[0],
            org.eucalyptus.nc.hypervisor.IscsiTarget.parse(idAndDev[1]), null, null, null, null));
      } catch (HypervisorException | IllegalArgumentException e) {
        LOG.warn("instance {}: volume {}: {}", inst.id(), idAndDev[0], e.getMessage());
      }
    }
  }

  /** The instance's network segment goes with the last instance here that used it. */
  private void releaseNetwork(NcInstance inst) {
    Integer vlan = inst.request().vlan();
    if (network == null || vlan == null || vlan <= 0) {
      return;
    }
    try {
      network.stopNetworkIfUnused(vlan, () -> !table.snapshot(i -> !i.id().equals(inst.id())
          && i.phase() != NcInstance.Phase.TEARDOWN && vlan.equals(i.request().vlan())).isEmpty());
    } catch (org.eucalyptus.nc.network.NodeNetwork.NetworkException e) {
      LOG.warn("could not remove the segment of network {}: {}", vlan, e.getMessage());
    }
  }

  private DomainSpec spec(NcInstance inst, org.eucalyptus.common.util.StepTimes steps) throws HypervisorException, org.eucalyptus.nc.images.ImageException,
      org.eucalyptus.common.exec.CommandRunner.CommandException, IOException {
    LaunchOrder r = inst.request();
    String mac = r.network() == null ? null : r.network().privateMacAddress();
    String bridge = r.network() == null ? null : r.network().bridge();
    List<org.eucalyptus.nc.hypervisor.NetworkDisk> ebs = ebsVolumes(r);
    if (domainType.equals("test")) {
      InstanceCheckpoint.write(inst.workDir(), r, List.of());
      return new DomainSpec(inst.id(), "test", inst.memoryMb(), inst.cores(), null, null, null, List.of(), null, null,
          ebs);
    }
    // Kernel, ramdisk and root image from the cache (fetched once, whoever asks first), fetched together:
    // one after another, an uncached launch waited for each of Walrus's decryptions and downloads in turn.
    java.util.concurrent.CompletableFuture<Path> kernelFetch = fetchAsync(r.kernelUrl());
    java.util.concurrent.CompletableFuture<Path> ramdiskFetch = fetchAsync(r.ramdiskUrl());
    // The networking mode names the bridge: VNET_BRIDGE, or in MANAGED mode the network's own, made
    // (when the node has it not) while the images and disks are readied.
    java.util.concurrent.CompletableFuture<String> bridging = bridge == null || bridge.isEmpty()
        ? bridgeAsync(r.vlan()) : java.util.concurrent.CompletableFuture.completedFuture(bridge);
    List<Path> used = new ArrayList<>();
    List<DomainSpec.Disk> instanceDisks;
    boolean ebsRoot = ebs.stream().anyMatch(v -> v.targetDev().equals("vda"));
    Path image;
    Path kernel;
    Path ramdisk;
    try {
      image = cached(r.imageUrl());
      kernel = fetched(kernelFetch);
      ramdisk = fetched(ramdiskFetch);
      for (Path p : java.util.Arrays.asList(kernel, ramdisk, image)) {
        if (p != null) {
          used.add(p);
        }
      }
      table.useImages(inst.id(), used);
      steps.done("images");
      if (kernel == null && image == null && !ebsRoot) {
        throw new HypervisorException("the instance has neither a kernel nor a disk image (nor an EBS root) to boot");
      }
      instanceDisks = image == null ? List.of() : disks.build(inst.workDir(), image, inst.diskGb(), fetchers);
      steps.done("disks");
    } catch (IOException | HypervisorException | org.eucalyptus.nc.images.ImageException
        | org.eucalyptus.common.exec.CommandRunner.CommandException | RuntimeException e) {
      // Made or not, the network is settled before the launch's clean-up looks whether it is still used.
      bridging.exceptionally(x -> null).join();
      throw e;
    }
    bridge = bridged(bridging);
    InstanceCheckpoint.write(inst.workDir(), r, used);
    steps.done("network");
    // Xen's paravirtual console and disks are hvc0 and xvd*; QEMU/KVM's a serial port and virtio.
    boolean xen = domainType.equals("xen");
    // euca.instance: the guest knows its id without a network (the kernel leaves an unknown dotted word be).
    String cmdline = kernel == null ? null : (xen ? "console=hvc0" : "console=ttyS0") + " panic=-1"
        + (image != null || ebsRoot ? (xen ? " root=/dev/xvda" : " root=/dev/vda") : "") + " euca.instance=" + inst.id();
    return new DomainSpec(inst.id(), domainType, inst.memoryMb(), inst.cores(), kernel, ramdisk, cmdline,
        instanceDisks, bridge == null || bridge.isEmpty() || mac == null ? null : new DomainSpec.Nic(bridge, mac),
        inst.consoleLog(), ebs);
  }

  /**
   * The launch's EBS volumes (boot records of type ebs): the root one (sda1, sda, vda; the guest boots
   * from it) becomes vda, the others the virtio name of their device, after the instance's own disks.
   */
  private List<org.eucalyptus.nc.hypervisor.NetworkDisk> ebsVolumes(LaunchOrder r) throws HypervisorException {
    List<org.eucalyptus.nc.hypervisor.NetworkDisk> out = new ArrayList<>();
    if (r.machine() == null) {
      return out;
    }
    boolean hasImage = r.imageUrl() != null && !r.imageUrl().isEmpty();
    java.util.Set<String> used = new java.util.HashSet<>(hasImage ? List.of("vda", "vdb", "vdc") : List.of());
    for (LaunchOrder.BootRecord b : r.machine().bootRecords()) {
      if (!b.ebs()) {
        continue;
      }
      String password = null;
      try {
        if (b.chapUser() != null && !b.chapUser().isBlank()) {
          password = passwords.open(b.chapPassword());
        }
        String dev = b.guestDeviceName() == null ? "" : b.guestDeviceName().replaceAll("\\d+$", "");
        // The root is vda whatever else the guest has (targetFor keeps vda for the image's root).
        String target = !hasImage && !used.contains("vda") && InstanceVolumes.isRootDevice(dev) ? "vda"
            : InstanceVolumes.targetFor(dev.isEmpty() ? "/dev/sda" : dev, used);
        used.add(target);
        out.add(initiator.connect(new org.eucalyptus.nc.hypervisor.NetworkDisk(b.id(),
            org.eucalyptus.nc.hypervisor.IscsiTarget.parse(b.resourceLocation()), target,
            b.chapUser() == null || b.chapUser().isBlank() ? null : b.chapUser(), password, null)));
      } catch (java.security.GeneralSecurityException | InstanceVolumes.VolumeException | IllegalArgumentException e) {
        throw new HypervisorException("EBS volume " + b.id() + " cannot be attached: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The launch's EBS volumes are the instance's attached volumes from the start (reported, checkpointed). */
  private void recordLaunchVolumes(NcInstance inst, DomainSpec spec) throws IOException {
    List<LaunchOrder.BootRecord> records = inst.request().machine() == null ? List.of()
        : inst.request().machine().bootRecords().stream().filter(LaunchOrder.BootRecord::ebs).toList();
    for (int k = 0; k < spec.volumes().size() && k < records.size(); k++) {
      LaunchOrder.BootRecord b = records.get(k);
      org.eucalyptus.nc.hypervisor.NetworkDisk v = spec.volumes().get(k);
      table.putVolume(inst.id(), new VolumeAttachment(b.id(), b.resourceLocation(),
          b.guestDeviceName() == null ? null : "/dev/" + b.guestDeviceName().replaceFirst("^/dev/", ""),
          v.targetDev(), v.chapUser(), b.chapPassword(), VolumeAttachment.State.ATTACHED, null))
          .ifPresent(now -> {
            try {
              InstanceCheckpoint.writeVolumes(inst.workDir(), now.volumes());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
  }

  private Path cached(String url) throws org.eucalyptus.nc.images.ImageException {
    return url == null || url.isEmpty() ? null : images.get(url);
  }

  private java.util.concurrent.CompletableFuture<Path> fetchAsync(String url) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return cached(url);
      } catch (org.eucalyptus.nc.images.ImageException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, fetchers);
  }

  /** Network {@code vlan}'s bridge on this node (MANAGED: its segment made if missing), on the fetch pool. */
  private java.util.concurrent.CompletableFuture<String> bridgeAsync(Integer vlan) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return network.startNetwork(vlan == null ? 0 : vlan, List.of());
      } catch (org.eucalyptus.nc.network.NodeNetwork.NetworkException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, fetchers);
  }

  /** The bridge {@link #bridgeAsync} readied; its failure as the launch's. */
  private static String bridged(java.util.concurrent.CompletableFuture<String> bridging) throws HypervisorException {
    try {
      return bridging.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof org.eucalyptus.nc.network.NodeNetwork.NetworkException ne) {
        throw new HypervisorException("cannot plug the instance into its network: " + ne.getMessage());
      }
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  /** The file a fetch made; its failure as the launch's own (after the root image's, if both failed). */
  private static Path fetched(java.util.concurrent.CompletableFuture<Path> fetch)
      throws org.eucalyptus.nc.images.ImageException {
    try {
      return fetch.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof org.eucalyptus.nc.images.ImageException ie) {
        throw ie;
      }
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    fetchers.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
