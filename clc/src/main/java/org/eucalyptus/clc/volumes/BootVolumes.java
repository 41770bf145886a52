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
import org.eucalyptus.clc.images.BlockDeviceMapping;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.wsdl.cc.InstanceVolumesType;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.eucalyptus.wsdl.types.VolumeType;

/**
 * The root volumes of a launch of an EBS-backed image: for each instance a volume made from the
 * image's root snapshot in the instance's zone (by its storage controller, as CreateVolume does,
 * within the caller's volume quotas), waited for until available, recorded attaching at the root
 * device, and exported. The node is not chosen yet, so the export's CHAP password is sealed for
 * the cluster controller's certificate (the cluster controller tells it; it must be this cloud's);
 * the cluster controller seals it again for the node it places the instance on.
 */
public final class BootVolumes {
  private static final Logger LOG = LogManager.getLogger(BootVolumes.class);
  private static final Duration POLL = Duration.ofMillis(200);
  /** How long a launch waits for its root volumes (filled from Walrus by their storage controller). */
  public static final Duration AVAILABLE_WITHIN = Duration.ofMinutes(10);

  /** The caller's volume quotas (ec2:quota-volumenumber, ec2:quota-volumetotalsize). */
  public record Claims(QuotaClaim number, QuotaClaim size) {}

  /** A root volume made for an instance, and its record for the cluster. */
  public record Prepared(String instanceId, String volumeId, String zone, InstanceVolumesType forCluster) {}

  private final VolumeService volumes;
  private final org.eucalyptus.clc.images.ImageStore images;
  private final StorageControllers storage;
  private final ClusterClients clients;
  private final X509Certificate cloudCa;
  private final Supplier<VolumeStore.SizeLimits> limits;
  private final Duration availableWithin;

  public BootVolumes(VolumeService volumes, org.eucalyptus.clc.images.ImageStore images, StorageControllers storage,
      ClusterClients clients, X509Certificate cloudCa, Supplier<VolumeStore.SizeLimits> limits,
      Duration availableWithin) {
    this.volumes = volumes;
    this.images = images;
    this.storage = storage;
    this.clients = clients;
    this.cloudCa = cloudCa;
    this.limits = limits;
    this.availableWithin = availableWithin;
  }

  /**
   * Makes each instance's root volume and its export. A failure undoes what was made (volumes
   * deleted) and throws why; the instances are the caller's to end.
   */
  public List<Prepared> prepare(Cluster cluster, List<String> instanceIds, org.eucalyptus.clc.images.Image image,
      Claims claims) throws DomainException {
    String rootDevice = image.rootDeviceName();
    BlockDeviceMapping root = images.mappingsOf(List.of(image.imageId())).get(image.imageId()).stream()
        .filter(m -> m.deviceName().equals(rootDevice) || ("/dev/" + m.deviceName()).equals(rootDevice))
        .filter(m -> m.snapshotId() != null).findFirst().orElseThrow(() -> new org.eucalyptus.clc.errors.InvalidException(
            ResourceKind.IMAGE, "Image " + image.imageId() + " has no snapshot for its root device " + rootDevice));
    List<Prepared> made = new ArrayList<>();
    List<Volume> created = new ArrayList<>();
    try {
      for (String ignored : instanceIds) {
        created.add(volumes.create(claims.number(), claims.size(), cluster.name(), root.volumeSizeGiB(),
            root.snapshotId(), limits.get()));
      }
      awaitAvailable(created);
      String clusterPem = clusterCertificate(cluster);
      for (int k = 0; k < instanceIds.size(); k++) {
        String instanceId = instanceIds.get(k);
        Volume v = created.get(k);
        volumes.store().attachAtLaunch(v.volumeId(), instanceId, rootDevice, root.deletesOnTermination());
        AttachStorageVolume export = new AttachStorageVolume();
        export.setVolumeId(v.volumeId());
        export.setInstanceId(instanceId);
        export.setNodeCertificate(clusterPem);
        made.add(new Prepared(instanceId, v.volumeId(), v.zone(), null));
        VolumeType target = storage.forZone(v.zone()).attachStorageVolume(export).getVolume();
        VirtualBootRecordType r = record(v, rootDevice, target);
        InstanceVolumesType forCluster = new InstanceVolumesType();
        forCluster.setInstanceId(instanceId);
        forCluster.getVirtualBootRecord().add(r);
        made.set(k, new Prepared(instanceId, v.volumeId(), v.zone(), forCluster));
      }
      return made;
    } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
      abandon(made);
      for (Volume v : created.subList(made.size(), created.size())) {
        volumes.release(List.of(new VolumeStore.Release(v.volumeId(), "", v.zone(), true)));
      }
      if (e instanceof DomainException d) {
        throw d;
      }
      throw new ClusterFailureException(ResourceKind.VOLUME, "The root volume could not be made: "
          + (e instanceof EucalyptusFault_Exception f && f.getFaultInfo() != null ? f.getFaultInfo().getMessage()
              : e.getMessage()));
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
      if (e instanceof DomainException d) {
        throw d;
      }
      throw new ClusterFailureException(ResourceKind.VOLUME, "The instance's volumes could not be exported: "
          + (e instanceof EucalyptusFault_Exception f && f.getFaultInfo() != null ? f.getFaultInfo().getMessage()
              : e.getMessage()));
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

  /** Gives back the root volumes of instances that did not launch: exports ended, volumes deleted. */
  public void abandon(List<Prepared> prepared) {
    for (Prepared p : prepared) {
      volumes.store().attachFailed(p.volumeId(), p.instanceId());
      volumes.release(List.of(new VolumeStore.Release(p.volumeId(), p.instanceId(), p.zone(), true)));
    }
  }

  /** Waits (bounded) until the storage controller reports every volume available. */
  private void awaitAvailable(List<Volume> created) throws DomainException {
    long deadline = System.nanoTime() + availableWithin.toNanos();
    for (Volume v : created) {
      while (true) {
        Volume now = volumes.store().find(v.volumeId()).orElseThrow(() -> new ClusterFailureException(
            ResourceKind.VOLUME, "Root volume " + v.volumeId() + " is gone"));
        if (now.state().equals(Volume.AVAILABLE)) {
          break;
        }
        if (now.state().equals(Volume.ERROR)) {
          throw new ClusterFailureException(ResourceKind.VOLUME, "Root volume " + v.volumeId()
              + " could not be made: " + now.stateReason());
        }
        if (System.nanoTime() > deadline) {
          throw new UnavailableException(ResourceKind.VOLUME, "Root volume " + v.volumeId() + " was not made within "
              + availableWithin.toSeconds() + " s");
        }
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnavailableException(ResourceKind.VOLUME, "Interrupted while making root volume " + v.volumeId());
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
          + " is not enrolled yet: its EBS root volumes cannot be exported to it");
    }
  }
}
