package org.eucalyptus.nc.instances;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.nc.hypervisor.DomainSpec;
import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.wsdl.nc.NcRunInstance;

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

  public InstanceLauncher(InstanceTable table, Hypervisor hypervisor, String domainType, int parallelLaunches) {
    this.table = table;
    this.hypervisor = hypervisor;
    this.domainType = domainType;
    this.pool = Executors.newFixedThreadPool(parallelLaunches, r -> {
      Thread t = new Thread(r, "nc-launch");
      t.setDaemon(true);
      return t;
    });
  }

  public void launch(NcInstance inst) {
    pool.execute(() -> run(inst));
  }

  private void run(NcInstance inst) {
    String id = inst.id();
    try {
      Files.createDirectories(inst.workDir());
      Files.writeString(inst.consoleLog(), "");
      DomainSpec spec = spec(inst);
      if (!table.advance(id, NcInstance.State.BOOTING, null)) {
        cleanUp(inst); // terminated while staging
        return;
      }
      hypervisor.start(spec);
      if (!table.advance(id, NcInstance.State.RUNNING, null)) {
        // Terminated while booting: the terminate found no domain yet, so stop it here.
        cleanUp(inst);
        return;
      }
      LOG.info("instance {} running", id);
    } catch (IOException | HypervisorException | RuntimeException e) {
      LOG.warn("instance {} failed to start: {}", id, e.getMessage());
      table.advance(id, NcInstance.State.FAILED, "failed to start: " + e.getMessage());
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
    deleteTree(inst.workDir());
  }

  private DomainSpec spec(NcInstance inst) throws HypervisorException {
    NcRunInstance r = inst.request();
    String mac = r.getNetParams() == null ? null : r.getNetParams().getPrivateMacAddress();
    String bridge = r.getNetParams() == null ? null : r.getNetParams().getBridge();
    if (domainType.equals("test")) {
      return new DomainSpec(inst.id(), "test", inst.memoryMb(), inst.cores(), null, null, null, List.of(), null, null);
    }
    // Images come from local files until the NC's image cache fetches them from Walrus.
    Path kernel = localFile(r.getKernelURL(), "kernel");
    Path ramdisk = localFile(r.getRamdiskURL(), "ramdisk");
    Path image = localFile(r.getImageURL(), "image");
    List<DomainSpec.Disk> disks = new ArrayList<>();
    if (image != null) {
      disks.add(new DomainSpec.Disk(image, "raw", "vda", true));
    }
    if (kernel == null && image == null) {
      throw new HypervisorException("the instance has neither a kernel nor a disk image to boot");
    }
    String cmdline = kernel == null ? null : "console=ttyS0 panic=-1" + (image != null ? " root=/dev/vda" : "");
    return new DomainSpec(inst.id(), domainType, inst.memoryMb(), inst.cores(), kernel, ramdisk, cmdline, disks,
        bridge == null || mac == null ? null : new DomainSpec.Nic(bridge, mac), inst.consoleLog());
  }

  private static Path localFile(String url, String what) throws HypervisorException {
    if (url == null || url.isEmpty()) {
      return null;
    }
    URI uri = URI.create(url);
    if (!"file".equals(uri.getScheme())) {
      throw new HypervisorException("cannot fetch the " + what + " from " + url
          + ": this node reads images from file:// URLs only");
    }
    Path p = Path.of(uri);
    if (!Files.isReadable(p)) {
      throw new HypervisorException("the " + what + " " + p + " is not readable on this node");
    }
    return p;
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
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
