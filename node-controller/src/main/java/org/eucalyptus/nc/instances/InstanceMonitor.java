package org.eucalyptus.nc.instances;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.nc.hypervisor.DomainState;
import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.hypervisor.HypervisorException;

/**
 * Watches running instances' domains: a guest that powered off, crashed or vanished is torn down
 * and reported, and its resources freed. Also forgets old torn-down instances.
 */
public final class InstanceMonitor implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(InstanceMonitor.class);

  private final InstanceTable table;
  private final Hypervisor hypervisor;
  private final InstanceLauncher launcher;
  private final Duration retention;
  private final ScheduledExecutorService timer;
  /** Whether {@link #timer} is this monitor's own, to stop with it (else shared by many nodes in one process). */
  private final boolean ownTimer;
  private java.util.concurrent.ScheduledFuture<?> checks;

  public InstanceMonitor(InstanceTable table, Hypervisor hypervisor, InstanceLauncher launcher, Duration retention) {
    this(table, hypervisor, launcher, retention, Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "nc-monitor");
      t.setDaemon(true);
      return t;
    }), true);
  }

  /** A monitor whose checks run on {@code shared}, which it leaves running when it closes. */
  public InstanceMonitor(InstanceTable table, Hypervisor hypervisor, InstanceLauncher launcher, Duration retention,
      ScheduledExecutorService shared) {
    this(table, hypervisor, launcher, retention, shared, false);
  }

  private InstanceMonitor(InstanceTable table, Hypervisor hypervisor, InstanceLauncher launcher, Duration retention,
      ScheduledExecutorService timer, boolean ownTimer) {
    this.table = table;
    this.hypervisor = hypervisor;
    this.launcher = launcher;
    this.retention = retention;
    this.timer = timer;
    this.ownTimer = ownTimer;
  }

  public synchronized void start(Duration period) {
    checks = timer.scheduleWithFixedDelay(this::checkOnce, period.toMillis(), period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One pass over the running instances. */
  public void checkOnce() {
    try {
      // Only RUNNING instances must have a domain; STAGING/BOOTING ones are still being created.
      for (NcInstance inst : table.snapshot(i -> i.state() == NcInstance.State.RUNNING)) {
        DomainState s = hypervisor.state(inst.id());
        if (!s.alive()) {
          String why = switch (s) {
            case MISSING -> "the guest powered off or its domain disappeared"; // transient domains go at power-off
            case CRASHED -> "the guest crashed";
            default -> "the guest powered off"; // shut down or shut off, seen before its domain went
          };
          if (table.advance(inst.id(), NcInstance.State.STOPPED, why)) {
            LOG.info("instance {}: {}", inst.id(), why);
            launcher.cleanUp(inst);
          }
        }
      }
      table.purge(retention);
    } catch (HypervisorException | RuntimeException e) {
      LOG.warn("instance check failed: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (checks != null) {
      checks.cancel(false);
    }
    if (ownTimer) {
      timer.shutdownNow();
    }
  }
}
