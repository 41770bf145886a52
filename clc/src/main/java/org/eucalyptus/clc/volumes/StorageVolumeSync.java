package org.eucalyptus.clc.volumes;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.wsdl.sc.DeleteStorageVolume;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumes;
import org.eucalyptus.wsdl.sc.DescribeStorageVolumesResponse;
import org.eucalyptus.wsdl.sc.DetachStorageVolume;
import org.eucalyptus.wsdl.sc.StorageSnapshotType;
import org.eucalyptus.wsdl.sc.StorageVolumeType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * Keeps volumes' states, and snapshots' where given their reader, in step with their storage
 * controllers: one thread per zone long-polls the SC's DescribeStorageVolumes (sinceVersion/waitMillis,
 * as {@code ClusterStateSync} polls the CCs), so a volume made moves from creating to available (or
 * error, with the SC's reason) as soon as the SC has it, and one being deleted is gone once the SC no
 * longer has it. The same answer carries the SC's snapshots (withSnapshots; volumes and snapshots
 * share the SC's version, so a snapshot's progress ends the poll too): one long poll per SC serves
 * both. Every answer also names each volume's exports: one the cloud has no attachment for is
 * ended (see {@link #endStaleExports}). Zones registered later get their poller from a look every few seconds.
 */
public final class StorageVolumeSync implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StorageVolumeSync.class);
  /** How long the SC holds a poll open. */
  public static final Duration LONG_POLL = Duration.ofSeconds(20);
  private static final long FULL_REPORT_NOW = -1;

  private final VolumeStore store;
  private final Optional<BiConsumer<String, List<StorageSnapshotType>>> snapshots;
  private final StorageControllers storage;
  private final Duration lookForZones;
  private final Map<String, Thread> pollers = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private Thread watcher;

  /** Volumes only. */
  public StorageVolumeSync(VolumeStore store, StorageControllers storage, Duration lookForZones) {
    this(store, Optional.empty(), storage, lookForZones);
  }

  /**
   * Volumes, and each zone's snapshots as its SC reports them all to {@code snapshots} (the zone,
   * the reported snapshots).
   */
  public StorageVolumeSync(VolumeStore store, BiConsumer<String, List<StorageSnapshotType>> snapshots,
      StorageControllers storage, Duration lookForZones) {
    this(store, Optional.of(snapshots), storage, lookForZones);
  }

  private StorageVolumeSync(VolumeStore store, Optional<BiConsumer<String, List<StorageSnapshotType>>> snapshots,
      StorageControllers storage, Duration lookForZones) {
    this.store = store;
    this.snapshots = snapshots;
    this.storage = storage;
    this.lookForZones = lookForZones;
  }

  public StorageVolumeSync start() {
    watcher = new Thread(() -> {
      while (running) {
        storage.zones().forEach(this::pollZone);
        sleep(lookForZones.toMillis());
      }
    }, "clc-storage-zones");
    watcher.setDaemon(true);
    watcher.start();
    return this;
  }

  private void pollZone(String zone) {
    pollers.computeIfAbsent(zone, z -> {
      Thread t = new Thread(() -> pollLoop(z), "clc-storage-sync-" + z);
      t.setDaemon(true);
      t.start();
      return t;
    });
  }

  private void pollLoop(String zone) {
    long since = FULL_REPORT_NOW;
    long backoffMs = 250;
    while (running) {
      if (!storage.zones().contains(zone)) {
        pollers.remove(zone);
        return;
      }
      try {
        DescribeStorageVolumes req = new DescribeStorageVolumes();
        req.setSinceVersion(since);
        req.setWaitMillis((int) LONG_POLL.toMillis());
        req.setWithSnapshots(snapshots.isPresent() ? Boolean.TRUE : null);
        DescribeStorageVolumesResponse resp = storage.forZone(zone).describeStorageVolumes(req);
        if (!running) {
          return;
        }
        apply(zone, resp.getVolumes());
        snapshots.ifPresent(reader -> reader.accept(zone, resp.getSnapshots()));
        since = resp.getVersion() == null ? 0 : resp.getVersion();
        backoffMs = 250;
      } catch (RuntimeException | UnavailableException | EucalyptusFault_Exception e) {
        if (!running) {
          return;
        }
        if (backoffMs == 250) {
          LOG.warn("storage controller of zone {} not answering: {}", zone, e.toString());
        }
        since = FULL_REPORT_NOW;
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  /**
   * Applies one full report of a zone's volumes to the volumes still being made or removed there. A
   * volume deleting here that the SC still has (and is not deleting) never got its delete (the SC was
   * down, or died on it): it is sent again, with every report, until the SC confirms.
   */
  void apply(String zone, List<StorageVolumeType> reported) {
    Map<String, StorageVolumeType> byId = new HashMap<>();
    reported.forEach(v -> byId.put(v.getVolumeId(), v));
    java.util.Set<String> deleting = new java.util.HashSet<>(store.deleting(zone));
    List<String> deleteAgain = new java.util.ArrayList<>();
    for (String volumeId : store.unsettled(zone)) {
      StorageVolumeType v = byId.get(volumeId);
      if (v != null) {
        store.reported(volumeId, v.getStatus(), v.getStatusReason());
        if (deleting.contains(volumeId) && !"deleting".equals(v.getStatus())) {
          deleteAgain.add(volumeId);
        }
      } else {
        // A volume the SC does not have is deleted already (its contract); a creating one not there yet waits.
        store.reported(volumeId, "deleted", null);
      }
    }
    endStaleExports(zone, reported);
    deleteAgain.forEach(volumeId -> deleteAgain(zone, volumeId));
  }

  /**
   * Ends each export the SC reports (a volume's exportedTo) of a volume the cloud has no attachment
   * to that instance for: a detach, a failed attach or an ended instance whose DetachStorageVolume
   * the SC missed (down, or too slow under load), which would otherwise stay for ever and make the
   * SC refuse the volume's delete. An attachment in any state (attaching, detaching, of a stopped
   * instance) keeps its export; the check is made again holding the volume's row (see
   * {@link VolumeStore#endStaleExport}), so an attach made meanwhile keeps its own.
   */
  private void endStaleExports(String zone, List<StorageVolumeType> reported) {
    if (reported.stream().allMatch(v -> v.getExportedTo().isEmpty())) {
      return;
    }
    java.util.Set<String> attached = store.attachedPairs(zone);
    for (StorageVolumeType v : reported) {
      for (String instanceId : v.getExportedTo()) {
        if (!attached.contains(v.getVolumeId() + " " + instanceId)
            && store.endStaleExport(v.getVolumeId(), instanceId, () -> endExport(zone, v.getVolumeId(), instanceId))) {
          LOG.info("volume {}: its export to {}, which the cloud has no attachment for, is ended", v.getVolumeId(),
              instanceId);
        }
      }
    }
  }

  private boolean endExport(String zone, String volumeId, String instanceId) {
    try {
      DetachStorageVolume req = new DetachStorageVolume();
      req.setVolumeId(volumeId);
      req.setInstanceId(instanceId);
      storage.forZone(zone).detachStorageVolume(req);
      return true;
    } catch (UnavailableException | EucalyptusFault_Exception | jakarta.xml.ws.WebServiceException e) {
      LOG.warn("volume {}: its stale export to {} is not ended yet: {}", volumeId, instanceId, e.toString());
      return false;
    }
  }

  private void deleteAgain(String zone, String volumeId) {
    try {
      DeleteStorageVolume req = new DeleteStorageVolume();
      req.setVolumeId(volumeId);
      storage.forZone(zone).deleteStorageVolume(req);
      store.deleted(volumeId);
      LOG.info("volume {}: its storage controller took the delete sent again", volumeId);
    } catch (UnavailableException | EucalyptusFault_Exception | jakarta.xml.ws.WebServiceException e) {
      LOG.warn("volume {} stays deleting: the storage controller of zone {} did not take the delete: {}", volumeId,
          zone, e.toString());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
