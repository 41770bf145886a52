package org.eucalyptus.clc.volumes;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.errors.ClusterFailureException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.storage.EbsRefusals;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.wsdl.cc.InstanceVolumesType;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.eucalyptus.wsdl.types.VolumeType;

/**
 * The volumes of a launch (boot from EBS, and RunInstances' block device mappings): for each
 * instance, each {@link LaunchVolume} made in the instance's zone by its storage controller, as
 * CreateVolume does, within the caller's volume quotas and the cloud's size limits, and recorded
 * attaching to the pending instance in the same transaction. {@link #create} returns once the
 * storage controller has taken the requests; {@link #awaitAvailable} waits (off the request's
 * thread) until it has made them, and {@link #export} exports them. The node is not chosen yet,
 * so each export's CHAP password is sealed for the cluster controller's certificate (the cluster
 * controller tells it; it must be this cloud's); the cluster controller seals it again for the
 * node it places the instance on.
 */
public final class BootVolumes {
  private static final Logger LOG = LogManager.getLogger(BootVolumes.class);
  private static final Duration POLL = Duration.ofMillis(200);
  /** How long a launch waits for its volumes (filled from Walrus by their storage controller). */
  public static final Duration AVAILABLE_WITHIN = Duration.ofMinutes(10);

  /** The caller's volume quotas (ec2:quota-volumenumber, ec2:quota-volumetotalsize). */
  public record Claims(QuotaClaim number, QuotaClaim size) {}

  /** A volume made for an instance of a launch, at its device. */
  public record Made(String instanceId, String volumeId, String zone, String device) {}

  private final VolumeService volumes;
  private final StorageControllers storage;
  private final ClusterClients clients;
  private final X509Certificate cloudCa;
  private final Supplier<VolumeStore.SizeLimits> limits;
  private final Duration availableWithin;

  public BootVolumes(VolumeService volumes, StorageControllers storage, ClusterClients clients,
      X509Certificate cloudCa, Supplier<VolumeStore.SizeLimits> limits, Duration availableWithin) {
    this.volumes = volumes;
    this.storage = storage;
    this.clients = clients;
    this.cloudCa = cloudCa;
    this.limits = limits;
    this.availableWithin = availableWithin;
  }

  /**
   * Records and asks for each instance's volumes, attaching to it. A refusal (a quota, a size limit,
   * the storage controller) undoes what was made and throws why; the instances are the caller's to end.
   */
  public List<Made> create(Cluster cluster, List<String> instanceIds, List<LaunchVolume> wanted, Claims claims)
      throws DomainException {
    List<Made> made = new ArrayList<>();
    try {
      for (String instanceId : instanceIds) {
        for (LaunchVolume w : wanted) {
          Volume v = volumes.create(claims.number(), claims.size(), cluster.name(), w.sizeGiB(), w.snapshotId(),
              limits.get(), w.tags(),
              new VolumeStore.LaunchAttachment(instanceId, w.device(), w.deleteOnTermination()));
          made.add(new Made(instanceId, v.volumeId(), v.zone(), w.device()));
        }
      }
      return made;
    } catch (DomainException | RuntimeException e) {
      abandon(made);
      throw e;
    }
  }

  /**
   * Exports each volume for its instance and returns, by instance id, the cluster's record of the
   * instance's volumes (boot records of type ebs). A failure ends what was exported and throws.
   */
  public java.util.Map<String, InstanceVolumesType> export(Cluster cluster, List<Made> made) throws DomainException {
    java.util.Map<String, InstanceVolumesType> out = new java.util.LinkedHashMap<>();
    List<Made> exported = new ArrayList<>();
    try {
      String clusterPem = clusterCertificate(cluster);
      for (Made m : made) {
        AttachStorageVolume export = new AttachStorageVolume();
        export.setVolumeId(m.volumeId());
        export.setInstanceId(m.instanceId());
        export.setNodeCertificate(clusterPem);
        exported.add(m);
        VolumeType target = storage.forZone(m.zone()).attachStorageVolume(export).getVolume();
        Volume v = volumes.store().find(m.volumeId()).orElseThrow(() -> new ClusterFailureException(
            ResourceKind.VOLUME, "Volume " + m.volumeId() + " is gone"));
        VirtualBootRecordType r = record(v, m.device(), target);
        out.computeIfAbsent(m.instanceId(), id -> {
          InstanceVolumesType t = new InstanceVolumesType();
          t.setInstanceId(id);
          return t;
        }).getVirtualBootRecord().add(r);
      }
      return out;
    } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
      for (Made m : exported) {
        volumes.release(List.of(new VolumeStore.Release(m.volumeId(), m.instanceId(), m.zone(), false)));
      }
      throw EbsRefusals.of(EbsRefusals.Component.STORAGE, cluster.name(), "export the volumes of "
          + String.join(", ", made.stream().map(Made::instanceId).distinct().toList()), e);
    }
  }

  /**
   * The volumes a stopped EBS-backed instance keeps (its root and any other attached), exported again
   * for its next launch (StartInstances) with fresh CHAP logins sealed for the cluster controller, as
   * at boot: the root record first. A failure ends the exports made and throws why.
   */
  public InstanceVolumesType reexport(Cluster cluster, String instanceId, String rootDevice) throws DomainException {
    List<VolumeAttachment> attached = new ArrayList<>(volumes.store().attachmentsOf(List.of(instanceId))
        .getOrDefault(instanceId, List.of()));
    attached.removeIf(a -> a.state().equals(VolumeAttachment.DETACHING));
    attached.sort(java.util.Comparator.comparing((VolumeAttachment a) -> !a.device().equals(rootDevice))
        .thenComparing(VolumeAttachment::device));
    if (rootDevice != null && attached.stream().noneMatch(a -> a.device().equals(rootDevice))) {
      // Its root volume was detached while it was stopped (as EC2 allows): nothing to boot from.
      throw new org.eucalyptus.clc.errors.ConflictException(ResourceKind.INSTANCE, "Instance " + instanceId
          + " has no volume attached at its root device " + rootDevice + "; attach one there to start it.");
    }
    InstanceVolumesType forCluster = new InstanceVolumesType();
    forCluster.setInstanceId(instanceId);
    List<Volume> exported = new ArrayList<>();
    try {
      String clusterPem = clusterCertificate(cluster);
      for (VolumeAttachment a : attached) {
        Volume v = volumes.store().find(a.volumeId()).orElseThrow(() -> new ClusterFailureException(
            ResourceKind.VOLUME, "Volume " + a.volumeId() + " of instance " + instanceId + " is gone"));
        AttachStorageVolume export = new AttachStorageVolume();
        export.setVolumeId(v.volumeId());
        export.setInstanceId(instanceId);
        export.setNodeCertificate(clusterPem);
        exported.add(v);
        VolumeType target = storage.forZone(v.zone()).attachStorageVolume(export).getVolume();
        forCluster.getVirtualBootRecord().add(record(v, a.device(), target));
      }
      return forCluster;
    } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
      exported.forEach(v -> volumes.endExport(v.zone(), v.volumeId(), instanceId));
      throw EbsRefusals.of(EbsRefusals.Component.STORAGE, cluster.name(), "export the volumes of " + instanceId, e);
    }
  }

  /** Ends the exports of an instance's volumes (it was stopped, or its start failed); the attachments stay. */
  public void endExports(String instanceId) {
    volumes.endExportsOf(instanceId);
  }

  /** The node's record of one volume of a launch: its target and CHAP login, at {@code device}. */
  private static VirtualBootRecordType record(Volume v, String device, VolumeType target) {
    VirtualBootRecordType r = new VirtualBootRecordType();
    r.setType("ebs");
    r.setId(v.volumeId());
    r.setGuestDeviceName(device.replaceFirst("^/dev/", ""));
    r.setResourceLocation(target.getRemoteDev());
    r.setSize((long) v.sizeGiB() << 30);
    r.setFormat("raw");
    r.setChapUser(target.getChapUser());
    r.setChapPassword(target.getChapPassword());
    return r;
  }

  /** Gives back the volumes of instances that did not launch: exports ended, volumes deleted. */
  public void abandon(List<Made> prepared) {
    for (Made p : prepared) {
      volumes.store().attachFailed(p.volumeId(), p.instanceId());
      // Deleting from now on: should its storage controller not take the delete, its sync removes it later.
      volumes.store().markDeleting(p.volumeId());
      volumes.release(List.of(new VolumeStore.Release(p.volumeId(), p.instanceId(), p.zone(), true)));
    }
  }


  /** Waits (bounded) until the storage controller reports every volume made. */
  public void awaitAvailable(List<Made> created) throws DomainException {
    long deadline = System.nanoTime() + availableWithin.toNanos();
    for (Made v : created) {
      while (true) {
        Volume now = volumes.store().find(v.volumeId()).orElseThrow(() -> new UnavailableException(
            ResourceKind.VOLUME, "Volume " + v.volumeId() + " is gone"));
        if (now.state().equals(Volume.ERROR)) {
          throw new UnavailableException(ResourceKind.VOLUME, "Volume " + v.volumeId()
              + " could not be made by the storage controller of zone " + v.zone() + ": " + now.stateReason());
        }
        if (now.state().equals(Volume.IN_USE) || now.state().equals(Volume.AVAILABLE)) {
          break; // in use: attached to its instance from the start
        }
        if (!now.state().equals(Volume.CREATING)) {
          throw new ClusterFailureException(ResourceKind.VOLUME, "Volume " + v.volumeId() + " is " + now.state());
        }
        if (System.nanoTime() > deadline) {
          throw new UnavailableException(ResourceKind.VOLUME, "Volume " + v.volumeId() + " was not made within "
              + availableWithin.toSeconds() + " s");
        }
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnavailableException(ResourceKind.VOLUME, "Interrupted while making volume " + v.volumeId());
        }
      }
    }
  }

  /** The cluster controller's certificate, as it says, if this cloud's CA issued it. */
  private String clusterCertificate(Cluster cluster) throws DomainException {
    String pem;
    try {
      pem = clients.forCluster(cluster).describeIdentity(new org.eucalyptus.wsdl.cc.DescribeIdentity()).getCertificate();
    } catch (EucalyptusFault_Exception | RuntimeException e) {
      throw new UnavailableException(ResourceKind.CLUSTER, "Cluster " + cluster.name() + " did not say who it is");
    }
    try {
      X509Certificate c = Pem.certificate(pem == null ? "" : pem);
      c.verify(cloudCa.getPublicKey());
      c.checkValidity();
      return pem;
    } catch (java.security.GeneralSecurityException e) {
      LOG.warn("cluster {} has no certificate of this cloud: {}", cluster.name(), e.getMessage());
      throw new UnavailableException(ResourceKind.CLUSTER, "Cluster " + cluster.name()
          + " is not enrolled yet: its EBS volumes cannot be exported to it");
    }
  }
}
