package org.eucalyptus.nc.instances;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.hypervisor.HypervisorException;

/**
 * Clean stops (StopInstances without Force): the guest is asked to shut down (the ACPI power
 * button), so that it writes back what its page cache holds, and its domain is destroyed once it has
 * powered off or the grace period is over. The instance stays Extant ({@code SHUTTING_DOWN}, its
 * resources held) until the domain is gone, then it is torn down as a terminate would: it is never
 * reported ended while its guest may still write. The waits run on a timer of their own, checking
 * each guest a few times a second, so a slow guest holds up neither the request nor anything else.
 */
public final class GracefulStops implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(GracefulStops.class);
  private static final Duration CHECK = Duration.ofMillis(200);

  private final InstanceTable table;
  private final Hypervisor hypervisor;
  private final InstanceLauncher launcher;
  private final Duration grace;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nc-graceful-stop");
    t.setDaemon(true);
    return t;
  });

  /** @param grace NC_SHUTDOWN_GRACE_SECONDS: how long a guest has to power off before it is destroyed */
  public GracefulStops(InstanceTable table, Hypervisor hypervisor, InstanceLauncher launcher, Duration grace) {
    this.table = table;
    this.hypervisor = hypervisor;
    this.launcher = launcher;
    this.grace = grace;
  }

  /**
   * Begins the clean stop of a running instance and returns at once; false if it is not running
   * (one still being launched has no guest to ask: the caller destroys it instead). A stop already
   * under way is left to go on.
   */
  public boolean begin(NcInstance inst) {
    if (inst.state() == NcInstance.State.SHUTTING_DOWN) {
      return true;
    }
    if (inst.state() != NcInstance.State.RUNNING
        || !table.advance(inst.id(), NcInstance.State.SHUTTING_DOWN, "stopping: the guest is asked to shut down")) {
      return false;
    }
    try {
      hypervisor.shutdown(inst.id());
      LOG.info("instance {}: asked the guest to shut down; destroyed at the latest in {} s", inst.id(),
          grace.toSeconds());
    } catch (HypervisorException e) {
      // A guest that cannot be asked will not go by itself: no reason to wait.
      LOG.warn("instance {}: cannot ask the guest to shut down ({}); destroying it", inst.id(), e.getMessage());
      timer.execute(() -> finish(inst, "stopped: the guest could not be asked to shut down"));
      return true;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    timer.execute(() -> check(inst, deadline));
    return true;
  }

  private void check(NcInstance inst, long deadline) {
    NcInstance now = table.find(inst.id()).orElse(null);
    if (now == null || now.state() != NcInstance.State.SHUTTING_DOWN) {
      return; // terminated meanwhile (a terminate destroys at once)
    }
    boolean alive;
    try {
      alive = hypervisor.state(inst.id()).alive();
    } catch (HypervisorException e) {
      LOG.warn("instance {}: cannot read its domain's state: {}", inst.id(), e.getMessage());
      alive = true;
    }
    if (!alive) {
      finish(now, "stopped: the guest shut down");
    } else if (System.nanoTime() - deadline >= 0) {
      LOG.warn("instance {}: the guest did not shut down within {} s: destroying it", inst.id(), grace.toSeconds());
      finish(now, "stopped: the guest did not shut down within " + grace.toSeconds() + " s and was destroyed");
    } else {
      timer.schedule(() -> check(inst, deadline), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Domain gone (destroyed if need be), volumes, files and network released, and only then Teardown. */
  private void finish(NcInstance inst, String why) {
    try {
      launcher.cleanUp(inst);
    } catch (RuntimeException e) {
      LOG.warn("instance {}: clean-up after its stop failed: {}", inst.id(), e.toString());
    }
    if (table.advance(inst.id(), NcInstance.State.TERMINATED, why)) {
      LOG.info("instance {} {}", inst.id(), why);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
