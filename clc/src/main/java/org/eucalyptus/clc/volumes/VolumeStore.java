package org.eucalyptus.clc.volumes;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.errors.ConflictException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.InvalidException;
import org.eucalyptus.clc.errors.LimitExceededException;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.quotas.Holdings;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.quotas.QuotaGuard;
import org.eucalyptus.clc.storage.VolumeLookup;
import org.eucalyptus.common.util.IdSource;
import org.hibernate.Session;

/**
 * EBS volumes and their attachments as the cloud controller records them. Every change is one
 * transaction that refuses from inside (DomainExceptions of kind VOLUME, VOLUME_ATTACHMENT,
 * INSTANCE, AVAILABILITY_ZONE), so a refused request leaves nothing half done. Writers lock an
 * instance before a volume, and a zone's cluster row before counting the zone's volumes.
 */
public final class VolumeStore implements VolumeLookup {
  private static final int ID_ATTEMPTS = 5;

  /** The cloud-wide limits (cloud properties) a new volume is held to, in GiB. */
  public record SizeLimits(int maxVolumeGiB, int maxTotalGiBPerZone) {}

  /** A volume with its live attachment, if any. */
  public record Described(Volume volume, Optional<VolumeAttachment> attachment) {}

  /**
   * What an attach needs to reach the storage controller and the instance's node; {@code stopped}:
   * the instance is stopped, the attachment is recorded attached and its next start plugs it.
   */
  public record AttachFacts(String volumeId, String instanceId, String device, String zone, String node,
      String privateIp, boolean stopped) {}

  /** A detach begun: the attachment as it was; {@code stopped}: its instance is stopped, so it is gone already. */
  public record Detach(VolumeAttachment attachment, boolean stopped) {}

  /**
   * A launch's volume (a block device mapping) is attached to its pending instance from its
   * creation on: recorded attaching at {@code device}, given back (deleted when
   * {@code deleteOnTermination}) when the instance ends, whether or not it ever ran.
   */
  public record LaunchAttachment(String instanceId, String device, boolean deleteOnTermination) {}

  /** An export the storage controller is to end (and the volume to delete, when asked). */
  public record Release(String volumeId, String instanceId, String zone, boolean delete) {}

  private final Database db;
  private final Clock clock;
  private final IdSource ids;

  public VolumeStore(Database db, Clock clock, IdSource ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * Records a new volume as {@code creating} in {@code zone}, within the caller's quotas (number and
   * GiB, see {@link QuotaGuard}) and the zone's total; the zone's cluster row is locked while the
   * zone is counted, so parallel creates never pass the total.
   */
  public Volume create(QuotaClaim number, QuotaClaim size, String zone, int sizeGiB, String snapshotId,
      SizeLimits limits) throws DomainException {
    return create(number, size, zone, sizeGiB, snapshotId, limits, Map.of(), null);
  }

  /**
   * As {@link #create(QuotaClaim, QuotaClaim, String, int, String, SizeLimits)}, with the volume's
   * tags (CreateVolume's TagSpecification) and, for a launch's volume, its attachment to the pending
   * instance ({@code at}, or null), written in the same transaction as the volume.
   */
  public Volume create(QuotaClaim number, QuotaClaim size, String zone, int sizeGiB, String snapshotId,
      SizeLimits limits, Map<String, String> tags, LaunchAttachment at) throws DomainException {
    if (sizeGiB < 1 || sizeGiB > limits.maxVolumeGiB()) {
      throw new LimitExceededException(ResourceKind.VOLUME, "A volume's size is 1 to " + limits.maxVolumeGiB()
          + " GiB in this cloud (storage.maxvolumesizeingb), not " + sizeGiB + ".");
    }
    return db.insertWithFreshIds(ID_ATTEMPTS, s -> {
      Cluster cluster = s.find(Cluster.class, zone, LockModeType.PESSIMISTIC_WRITE);
      if (cluster == null) {
        throw new InvalidException(ResourceKind.AVAILABILITY_ZONE,
            "Value (" + zone + ") for parameter availabilityZone is invalid. No such availability zone.");
      }
      QuotaGuard.admitOne(s, number, Holdings.VOLUMES, ResourceKind.VOLUME, "volumes");
      QuotaGuard.admit(s, size, Holdings.VOLUME_GIB, sizeGiB, sizeGiB, ResourceKind.VOLUME, "GiB of volumes");
      long zoneTotal = sum(s.createQuery("select sum(sizeGiB) from Volume where zone = :z and state <> 'deleted'",
          Object.class).setParameter("z", zone).uniqueResult());
      if (zoneTotal + sizeGiB > limits.maxTotalGiBPerZone()) {
        throw new LimitExceededException(ResourceKind.VOLUME, "Availability zone " + zone + " has room for "
            + Math.max(0, limits.maxTotalGiBPerZone() - zoneTotal) + " GiB of volumes more"
            + " (storage.maxtotalvolumesizeingb is " + limits.maxTotalGiBPerZone() + "), not " + sizeGiB + ".");
      }
      Volume v = new Volume(ids.next("vol"), number.accountNumber(), number.userId(), zone, sizeGiB, snapshotId,
          clock.instant());
      s.persist(v);
      tags.forEach((k, val) -> s.persist(new org.eucalyptus.clc.tags.Tag(v.volumeId(), k, val, "volume",
          v.accountNumber())));
      if (at != null) {
        // It stays creating until its storage controller has made it; then it is in use.
        VolumeAttachment a = new VolumeAttachment(v.volumeId(), at.instanceId(), at.device(), clock.instant());
        a.setDeleteOnTermination(at.deleteOnTermination());
        s.persist(a);
      }
      return v;
    });
  }

  private static long sum(Object held) {
    return held == null ? 0 : ((Number) held).longValue();
  }

  /** Removes a volume its storage controller never made (it refused, or could not be reached). */
  public void forget(String volumeId) {
    db.run(s -> {
      Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (v != null) {
        removeWithTags(s, v);
      }
    });
  }

  /** Moves a volume as its storage controller reports it: creating → available or error; deleting → gone. */
  public void reported(String volumeId, String scStatus, String reason) {
    db.run(s -> {
      Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (v == null) {
        return;
      }
      switch (scStatus) {
        case "available" -> {
          if (v.state().equals(Volume.CREATING)) {
            // A launch's volume is attached to its instance from the start.
            v.setState(s.find(VolumeAttachment.class, volumeId) == null ? Volume.AVAILABLE : Volume.IN_USE, null);
          }
        }
        case "failed" -> {
          if (v.state().equals(Volume.CREATING)) {
            v.setState(Volume.ERROR, reason == null ? "The storage controller could not make the volume" : reason);
          }
        }
        case "deleted" -> {
          if (v.state().equals(Volume.DELETING)) {
            removeWithTags(s, v);
          }
        }
        default -> { }
      }
    });
  }

  /**
   * Starts deleting the caller's volume: only an available (or failed) one; a volume attached is
   * VolumeInUse, one in another state IncorrectState.
   */
  public Volume beginDelete(String account, boolean admin, String volumeId) throws DomainException {
    return db.inTransaction(s -> {
      Volume v = owned(s, account, admin, volumeId);
      if (v.state().equals(Volume.IN_USE) || s.find(VolumeAttachment.class, volumeId) != null) {
        throw new ConflictException(ResourceKind.VOLUME_ATTACHMENT, "Volume " + volumeId + " is attached");
      }
      if (!v.state().equals(Volume.AVAILABLE) && !v.state().equals(Volume.ERROR)) {
        throw new ConflictException(ResourceKind.VOLUME,
            "Volume '" + volumeId + "' is in the '" + v.state() + "' state.");
      }
      v.setState(Volume.DELETING, null);
      return v;
    });
  }

  /** A launch's volume given back: deleting, whatever state its making reached. */
  public void markDeleting(String volumeId) {
    db.run(s -> {
      Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (v != null) {
        v.setState(Volume.DELETING, null);
      }
    });
  }

  /** The storage controller has removed the volume: it and its tags are gone. */
  public void deleted(String volumeId) {
    db.run(s -> {
      Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (v != null) {
        removeWithTags(s, v);
      }
    });
  }

  /** The storage controller refused a delete: the volume is available again. */
  public void deleteRefused(String volumeId) {
    db.run(s -> {
      Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (v != null && v.state().equals(Volume.DELETING)) {
        v.setState(Volume.AVAILABLE, null);
      }
    });
  }

  /**
   * Records an attachment of the caller's available volume to its instance in the volume's zone, on
   * a device the instance has free: attaching to a running instance, attached to a stopped one (as
   * EC2: no guest to plug it into; StartInstances exports it with the instance's other volumes). An
   * instance in any other state (pending, stopping, shutting-down) is IncorrectState.
   */
  public AttachFacts beginAttach(String account, boolean admin, String volumeId, String instanceId, String device)
      throws DomainException {
    return db.inTransaction(s -> {
      Instance inst = s.find(Instance.class, instanceId, LockModeType.PESSIMISTIC_WRITE);
      if (inst == null || (!admin && !inst.accountNumber().equals(account))
          || inst.state() == InstanceState.TERMINATED) {
        throw new NotFoundException(ResourceKind.INSTANCE, "The instance ID '" + instanceId + "' does not exist");
      }
      Volume v = owned(s, account, admin, volumeId);
      if (!inst.accountNumber().equals(v.accountNumber())) {
        throw new NotFoundException(ResourceKind.VOLUME, "The volume '" + volumeId + "' does not exist.");
      }
      boolean stopped = inst.state() == InstanceState.STOPPED;
      if (inst.state() != InstanceState.RUNNING && !stopped) {
        throw new ConflictException(ResourceKind.INSTANCE, "Instance '" + instanceId
            + "' is not 'running' or 'stopped' (it is '" + inst.state().apiName() + "').");
      }
      if (device.matches("/dev/(sd|xvd|vd)a[0-9]{0,2}") && (!stopped || !device.equals(inst.rootDeviceName()))) {
        // A root device name takes a volume only as a stopped instance's own root, given back to it.
        throw new InvalidException(ResourceKind.VOLUME_ATTACHMENT, "Value (" + device + ") for parameter device is"
            + " invalid. Only a stopped instance's root device (" + inst.rootDeviceName() + ") takes a volume there.");
      }
      if (!inst.cluster().equals(v.zone())) {
        throw new ConflictException(ResourceKind.AVAILABILITY_ZONE, "Volume " + volumeId + " is in availability zone "
            + v.zone() + " and instance " + instanceId + " in " + inst.cluster() + ".");
      }
      if (v.state().equals(Volume.IN_USE) || s.find(VolumeAttachment.class, volumeId) != null) {
        throw new ConflictException(ResourceKind.VOLUME_ATTACHMENT, "Volume " + volumeId + " is already attached");
      }
      if (!v.state().equals(Volume.AVAILABLE)) {
        throw new ConflictException(ResourceKind.VOLUME,
            "Volume '" + volumeId + "' is in the '" + v.state() + "' state.");
      }
      Long onDevice = s.createQuery("select count(*) from VolumeAttachment where instanceId = :i and device = :d",
          Long.class).setParameter("i", instanceId).setParameter("d", device).uniqueResult();
      if (onDevice > 0) {
        throw new InvalidException(ResourceKind.VOLUME_ATTACHMENT,
            "Value (" + device + ") for parameter device is invalid. It is already in use on " + instanceId + ".");
      }
      VolumeAttachment a = new VolumeAttachment(volumeId, instanceId, device, clock.instant());
      if (stopped) {
        a.setState(VolumeAttachment.ATTACHED);
      }
      s.persist(a);
      v.setState(Volume.IN_USE, null);
      return new AttachFacts(volumeId, instanceId, device, v.zone(), inst.node(), inst.privateIp(), stopped);
    });
  }

  /**
   * Records a launch's volume (boot from EBS) as attaching to its pending instance at {@code device};
   * the node's first report of the instance makes it attached, its end gives it back (deleted when
   * {@code deleteOnTermination}).
   */
  public void attachAtLaunch(String volumeId, String instanceId, String device, boolean deleteOnTermination) {
    db.run(s -> {
      Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      VolumeAttachment a = new VolumeAttachment(volumeId, instanceId, device, clock.instant());
      a.setDeleteOnTermination(deleteOnTermination);
      s.persist(a);
      v.setState(Volume.IN_USE, null);
    });
  }

  /** An attach that failed: the attachment goes, and the volume is available again. */
  public void attachFailed(String volumeId, String instanceId) {
    db.run(s -> {
      VolumeAttachment a = s.find(VolumeAttachment.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (a != null && a.instanceId().equals(instanceId)) {
        detached(s, a);
      }
    });
  }

  /**
   * Starts detaching the caller's volume; an instance or device given must be the attachment's
   * (else InvalidAttachment.NotFound). A volume not attached is IncorrectState, and so is one whose
   * instance is pending or stopping. From a stopped instance the attachment goes at once (the
   * volume is available): no node has it.
   */
  public Detach beginDetach(String account, boolean admin, String volumeId, String instanceId,
      String device) throws DomainException {
    return db.inTransaction(s -> {
      Volume v = owned(s, account, admin, volumeId);
      VolumeAttachment a = s.find(VolumeAttachment.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (a == null) {
        throw new ConflictException(ResourceKind.VOLUME,
            "Volume '" + volumeId + "' is in the '" + v.state() + "' state.");
      }
      if ((instanceId != null && !instanceId.equals(a.instanceId())) || (device != null && !device.equals(a.device()))) {
        throw new NotFoundException(ResourceKind.VOLUME_ATTACHMENT, "No attachment of volume " + volumeId
            + (instanceId == null ? "" : " to instance " + instanceId) + (device == null ? "" : " at " + device));
      }
      Instance inst = s.find(Instance.class, a.instanceId(), LockModeType.PESSIMISTIC_WRITE);
      InstanceState state = inst == null ? InstanceState.TERMINATED : inst.state();
      if (state == InstanceState.PENDING || state == InstanceState.STOPPING) {
        throw new ConflictException(ResourceKind.INSTANCE, "Instance '" + a.instanceId()
            + "' is '" + state.apiName() + "'; detach its volume once it is running or stopped.");
      }
      a.setState(VolumeAttachment.DETACHING);
      if (state == InstanceState.STOPPED) {
        detached(s, a);
        return new Detach(a, true);
      }
      return new Detach(a, false);
    });
  }

  /** The attachment is gone (detached, or its instance ended): the volume is available. */
  public void detachedNow(String volumeId, String instanceId) {
    attachFailed(volumeId, instanceId);
  }

  /** The cluster refused a detach: the attachment is as it was before (attaching or attached). */
  public void detachRefused(VolumeAttachment detaching) {
    db.run(s -> {
      VolumeAttachment a = s.find(VolumeAttachment.class, detaching.volumeId(), LockModeType.PESSIMISTIC_WRITE);
      if (a != null && a.instanceId().equals(detaching.instanceId())
          && a.state().equals(VolumeAttachment.DETACHING)) {
        a.setState(detaching.previousState());
      }
    });
  }

  /**
   * Applies one report of a cluster: each instance's volumes as its node has them. An attachment
   * the node reports attached is attached; one it reports detached, or failed to attach, is gone
   * (its export is returned, for the storage controller to end). Attachments of instances that
   * ended are gone too, their volumes available, or deleting when marked DeleteOnTermination.
   *
   * @param reported instance id → volume id → the node's state of it, for the instances reported
   */
  public List<Release> applyClusterReport(String cluster, Map<String, Map<String, String>> reported) {
    return applyClusterReport(cluster, reported, true);
  }

  /**
   * As above; with {@code complete} false, {@code reported} holds only the instances whose report
   * changed, and only their attachments and those of ended instances are read. Attachments are read
   * without locks first, and locked only where the report changes them.
   */
  public List<Release> applyClusterReport(String cluster, Map<String, Map<String, String>> reported,
      boolean complete) {
    return db.inTransaction(s -> {
      List<Release> out = new ArrayList<>();
      if (!complete && reported.isEmpty()) {
        return out;
      }
      var query = s.createQuery("select a.volumeId, i.instanceId, i.state, a.state from VolumeAttachment a,"
              + " Instance i where a.instanceId = i.instanceId and i.cluster = :c"
              + (complete ? "" : " and (i.state = 'terminated' or i.instanceId in (:ids))")
              + " order by i.instanceId, a.volumeId", Object[].class)
          .setParameter("c", cluster);
      if (!complete) {
        query.setParameterList("ids", reported.keySet());
      }
      List<Object[]> rows = query.list();
      for (Object[] row : rows) {
        String volumeId = (String) row[0];
        String instanceId = (String) row[1];
        boolean ended = InstanceState.TERMINATED.apiName().equals(row[2]);
        if (!ended && !changedBy(reported.get(instanceId), volumeId, (String) row[3])) {
          continue;
        }
        VolumeAttachment a = s.find(VolumeAttachment.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (a == null || !a.instanceId().equals(instanceId)) {
          continue;
        }
        Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (ended) {
          boolean delete = a.deleteOnTermination();
          detached(s, a);
          if (delete && v != null) {
            v.setState(Volume.DELETING, null);
          }
          out.add(new Release(volumeId, instanceId, v == null ? cluster : v.zone(), delete));
          continue;
        }
        Map<String, String> volumes = reported.get(instanceId);
        if (volumes == null) {
          continue; // not in this report: the instance sync deals with instances gone missing
        }
        String nodeState = volumes.get(volumeId);
        if (a.state().equals(VolumeAttachment.ATTACHING) && "attached".equals(nodeState)) {
          a.setState(VolumeAttachment.ATTACHED);
        } else if ((a.state().equals(VolumeAttachment.DETACHING) && (nodeState == null || "detached".equals(nodeState)))
            || (a.state().equals(VolumeAttachment.ATTACHING) && "attaching failed".equals(nodeState))) {
          detached(s, a);
          out.add(new Release(volumeId, instanceId, v == null ? cluster : v.zone(), false));
        }
      }
      return out;
    });
  }

  /** Whether the node's report of an instance's volumes ({@code null}: not reported) moves this attachment. */
  private static boolean changedBy(Map<String, String> volumes, String volumeId, String attachmentState) {
    if (volumes == null) {
      return false;
    }
    String nodeState = volumes.get(volumeId);
    return (attachmentState.equals(VolumeAttachment.ATTACHING)
            && ("attached".equals(nodeState) || "attaching failed".equals(nodeState)))
        || (attachmentState.equals(VolumeAttachment.DETACHING) && (nodeState == null || "detached".equals(nodeState)));
  }

  /** The volumes of an account (every account's for the administrator with {@code all}), with attachments. */
  public List<Described> list(String account, boolean all, Collection<String> volumeIds) {
    return db.inTransaction(s -> {
      List<Volume> vols = s.createQuery("from Volume where (:all = true or accountNumber = :a)"
              + " and (:any = true or volumeId in (:ids)) order by volumeId", Volume.class)
          .setParameter("all", all).setParameter("a", account)
          .setParameter("any", volumeIds.isEmpty()).setParameterList("ids", volumeIds.isEmpty() ? List.of("") : volumeIds)
          .list();
      Map<String, VolumeAttachment> attachments = new HashMap<>();
      if (!vols.isEmpty()) {
        s.createQuery("from VolumeAttachment where volumeId in (:ids)", VolumeAttachment.class)
            .setParameterList("ids", vols.stream().map(Volume::volumeId).toList()).list()
            .forEach(a -> attachments.put(a.volumeId(), a));
      }
      return vols.stream().map(v -> new Described(v, Optional.ofNullable(attachments.get(v.volumeId())))).toList();
    });
  }

  /** The attachments of these instances, by instance id (for DescribeInstances' blockDeviceMapping). */
  /**
   * As {@link #attachmentsOf(Collection)}, for instances all owned by {@code accounts}: when they are
   * many, one query for the attachments of the accounts' instances, without a parameter an id.
   */
  public Map<String, List<VolumeAttachment>> attachmentsOf(Collection<String> instanceIds,
      Collection<String> accounts) {
    if (instanceIds.size() <= 32 || accounts.isEmpty()) {
      return attachmentsOf(instanceIds);
    }
    java.util.Set<String> wanted = new java.util.HashSet<>(instanceIds);
    Map<String, List<VolumeAttachment>> out = new HashMap<>();
    // Plain rows, not entities: DescribeInstances' hot path, and only shown.
    db.select("select volume_id, instance_id, device, state, attach_time, delete_on_termination"
            + " from volume_attachments where instance_id in"
            + " (select i.instance_id from instances i where i.account_number in (?)) order by device",
            List.of(accounts), VolumeStore::attachmentRow).stream()
        .filter(a -> wanted.contains(a.instanceId()))
        .forEach(a -> out.computeIfAbsent(a.instanceId(), k -> new ArrayList<>()).add(a));
    return out;
  }

  /** An attachment read as a plain row for showing: not managed by any session. */
  private static VolumeAttachment attachmentRow(java.sql.ResultSet r) throws java.sql.SQLException {
    VolumeAttachment a = new VolumeAttachment(r.getString("volume_id"), r.getString("instance_id"),
        r.getString("device"), org.eucalyptus.clc.persistence.Database.instant(r, "attach_time"));
    a.setState(r.getString("state"));
    a.setDeleteOnTermination(r.getBoolean("delete_on_termination"));
    return a;
  }

  public Map<String, List<VolumeAttachment>> attachmentsOf(Collection<String> instanceIds) {
    Map<String, List<VolumeAttachment>> out = new HashMap<>();
    if (instanceIds.isEmpty()) {
      return out;
    }
    db.select("select volume_id, instance_id, device, state, attach_time, delete_on_termination"
            + " from volume_attachments where instance_id in (?) order by device", List.of(instanceIds),
            VolumeStore::attachmentRow)
        .forEach(a -> out.computeIfAbsent(a.instanceId(), k -> new ArrayList<>()).add(a));
    return out;
  }

  /** The volumes of a zone its storage controller is still making or removing. */
  public List<String> unsettled(String zone) {
    return db.inTransaction(s -> s.createQuery("select volumeId from Volume where zone = :z"
        + " and state in ('creating', 'deleting') order by volumeId", String.class).setParameter("z", zone).list());
  }

  /** The volumes of a zone being deleted: their storage controller has not confirmed the delete yet. */
  public List<String> deleting(String zone) {
    return db.inTransaction(s -> s.createQuery("select volumeId from Volume where zone = :z"
        + " and state = 'deleting' order by volumeId", String.class).setParameter("z", zone).list());
  }

  /**
   * The (volume, instance) attachments the cloud has of a zone's volumes, in any state, as
   * "volumeId instanceId": an export of one of these is wanted (an attach or a start may be making
   * it, a detach or a stop ending it).
   */
  public java.util.Set<String> attachedPairs(String zone) {
    return db.inTransaction(s -> new java.util.HashSet<>(s.createQuery("select a.volumeId || ' ' || a.instanceId"
        + " from VolumeAttachment a, Volume v where a.volumeId = v.volumeId and v.zone = :z", String.class)
        .setParameter("z", zone).setReadOnly(true).list()));
  }

  /**
   * Ends a storage controller's export of a volume of the cloud to an instance the cloud has no
   * attachment of it to (a detach whose end of the export the SC missed): {@code end} runs only if
   * that is still so, holding the volume's row, so an attach of the volume (which takes that row
   * first) waits until the export is ended and is never undone by it. A volume the cloud does not
   * have is left alone. True if {@code end} ran and said so.
   */
  public boolean endStaleExport(String volumeId, String instanceId, java.util.function.BooleanSupplier end) {
    return db.inTransaction(s -> {
      Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (v == null) {
        return false;
      }
      VolumeAttachment a = s.find(VolumeAttachment.class, volumeId);
      if (a != null && a.instanceId().equals(instanceId)) {
        return false;
      }
      return end.getAsBoolean();
    });
  }

  public Optional<Volume> find(String volumeId) {
    return db.inTransaction(s -> Optional.ofNullable(s.find(Volume.class, volumeId)));
  }

  @Override
  public VolumeFacts forSnapshot(String accountNumber, String volumeId) throws DomainException {
    return db.inTransaction(s -> {
      Volume v = owned(s, accountNumber, false, volumeId);
      if (!v.state().equals(Volume.AVAILABLE) && !v.state().equals(Volume.IN_USE)) {
        throw new ConflictException(ResourceKind.VOLUME,
            "Volume '" + volumeId + "' is in the '" + v.state() + "' state.");
      }
      return new VolumeFacts(v.volumeId(), v.zone(), v.sizeGiB());
    });
  }

  private static void detached(Session s, VolumeAttachment a) {
    Volume v = s.find(Volume.class, a.volumeId(), LockModeType.PESSIMISTIC_WRITE);
    s.remove(a);
    if (v != null && v.state().equals(Volume.IN_USE)) {
      v.setState(Volume.AVAILABLE, null);
    }
  }

  private static void removeWithTags(Session s, Volume v) {
    s.createMutationQuery("delete from VolumeAttachment where volumeId = :v").setParameter("v", v.volumeId())
        .executeUpdate();
    s.createMutationQuery("delete from Tag where resourceId = :v").setParameter("v", v.volumeId()).executeUpdate();
    s.remove(v);
  }

  /** The volume, locked, if it is the account's (any account's for the administrator). */
  private static Volume owned(Session s, String account, boolean admin, String volumeId) throws NotFoundException {
    Volume v = s.find(Volume.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
    if (v == null || (!admin && !v.accountNumber().equals(account))) {
      throw new NotFoundException(ResourceKind.VOLUME, "The volume '" + volumeId + "' does not exist.");
    }
    return v;
  }

  /** Sets DeleteOnTermination on a volume's attachment (ModifyInstanceAttribute's block device mapping). */
  public void setDeleteOnTermination(String volumeId, boolean delete) {
    db.run(s -> {
      VolumeAttachment a = s.find(VolumeAttachment.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
      if (a != null) {
        a.setDeleteOnTermination(delete);
      }
    });
  }
}
