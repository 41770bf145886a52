package org.eucalyptus.clc.snapshots;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.wsdl.sc.DescribeStorageSnapshots;
import org.eucalyptus.wsdl.sc.DescribeStorageSnapshotsResponse;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.sc.StorageSnapshotType;

/**
 * Moves pending snapshots on as their storage controllers report them: one thread per zone with a
 * storage controller long-polls its DescribeStorageSnapshots (answered as soon as a snapshot there
 * changes), and a pending snapshot takes the reported progress, then completed or error. A watcher
 * starts a poller for each zone whose SC is registered later. (The volumes have a sync of their own.)
 */
public final class SnapshotStateSync implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(SnapshotStateSync.class);
  /** A version no SC is at: it answers at once with every snapshot it has. */
  private static final long FULL_REPORT_NOW = -1;

  private final SnapshotStore snapshots;
  private final StorageControllers storage;
  private final Duration longPoll;
  private final Duration zoneCheck;
  private final Map<String, Thread> pollers = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private Thread watcher;

  /**
   * @param longPoll how long the SC may hold a describe that has nothing new
   * @param zoneCheck how often the zones with a storage controller are looked up again
   */
  public SnapshotStateSync(SnapshotStore snapshots, StorageControllers storage, Duration longPoll, Duration zoneCheck) {
    this.snapshots = snapshots;
    this.storage = storage;
    this.longPoll = longPoll;
    this.zoneCheck = zoneCheck;
  }

  public synchronized SnapshotStateSync start() {
    if (watcher == null) {
      watcher = new Thread(this::watchZones, "clc-snapshot-sync");
      watcher.setDaemon(true);
      watcher.start();
    }
    return this;
  }

  private void watchZones() {
    while (running) {
      try {
        for (String zone : storage.zones()) {
          pollers.computeIfAbsent(zone, z -> {
            Thread t = new Thread(() -> pollLoop(z), "clc-snapshot-sync-" + z);
            t.setDaemon(true);
            t.start();
            return t;
          });
        }
      } catch (RuntimeException e) {
        LOG.warn("could not list the storage controllers: {}", e.toString());
      }
      if (!sleep(zoneCheck.toMillis())) {
        return;
      }
    }
  }

  private void pollLoop(String zone) {
    long since = FULL_REPORT_NOW;
    long backoffMs = 250;
    boolean reachable = true;
    while (running) {
      try {
        if (!storage.zones().contains(zone)) {
          pollers.remove(zone); // deregistered: a new registration gets a new poller
          return;
        }
        EucalyptusSCPortType sc = storage.forZone(zone);
        DescribeStorageSnapshots req = new DescribeStorageSnapshots();
        req.setSinceVersion(since);
        req.setWaitMillis((int) longPoll.toMillis());
        DescribeStorageSnapshotsResponse resp = sc.describeStorageSnapshots(req);
        if (!running) {
          return;
        }
        int changed = snapshots.apply(zone, reports(resp.getSnapshots()));
        if (changed > 0) {
          LOG.debug("{} snapshot(s) of {} changed", changed, zone);
        }
        since = resp.getVersion() == null ? 0 : resp.getVersion();
        if (!reachable) {
          LOG.info("the storage controller of {} answers again", zone);
        }
        reachable = true;
        backoffMs = 250;
      } catch (RuntimeException | UnavailableException | org.eucalyptus.wsdl.types.EucalyptusFault_Exception e) {
        if (!running) {
          return;
        }
        if (reachable) {
          LOG.warn("the storage controller of {} does not answer snapshot reports: {}", zone, e.toString());
        }
        reachable = false;
        since = FULL_REPORT_NOW;
        if (!sleep(backoffMs)) {
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  static List<SnapshotStore.Report> reports(List<StorageSnapshotType> reported) {
    return reported.stream().map(r -> new SnapshotStore.Report(
        r.getSnapshotId() == null ? "" : r.getSnapshotId().toLowerCase(java.util.Locale.ROOT),
        r.getStatus() == null ? "" : r.getStatus(), r.getProgress(), r.getStatusReason())).toList();
  }

  private boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    running = false;
    if (watcher != null) {
      watcher.interrupt();
    }
    pollers.values().forEach(Thread::interrupt);
  }
}
