package org.eucalyptus.clc.volumes;

import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.errors.ResourceKind;
import org.eucalyptus.clc.errors.UnavailableException;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.storage.EbsRefusals;
import org.eucalyptus.clc.storage.EbsRefusals.Component;
import org.eucalyptus.clc.storage.NodeCertificates;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.wsdl.cc.AttachVolume;
import org.eucalyptus.wsdl.cc.DetachVolume;
import org.eucalyptus.wsdl.sc.AttachStorageVolume;
import org.eucalyptus.wsdl.sc.CreateStorageVolume;
import org.eucalyptus.wsdl.sc.DeleteStorageVolume;
import org.eucalyptus.wsdl.sc.DetachStorageVolume;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.eucalyptus.wsdl.types.VolumeType;

/**
 * The EBS volume actions' work across the components: the record in {@link VolumeStore} first,
 * then the zone's storage controller (and for attachments the instance's cluster), undoing the
 * record when a component refuses or cannot be reached, so no volume or attachment is left that
 * no component has. What a component said becomes EC2's error in one place, {@link EbsRefusals}.
 */
public final class VolumeService {
  private static final Logger LOG = LogManager.getLogger(VolumeService.class);

  private final VolumeStore store;
  private final StorageControllers storage;
  private final NodeCertificates nodeCertificates;
  private final ClusterRegistry clusters;
  private final ClusterClients clients;

  public VolumeService(VolumeStore store, StorageControllers storage, NodeCertificates nodeCertificates,
      ClusterRegistry clusters, ClusterClients clients) {
    this.store = store;
    this.storage = storage;
    this.nodeCertificates = nodeCertificates;
    this.clusters = clusters;
    this.clients = clients;
  }

  public VolumeStore store() {
    return store;
  }

  /** Records the volume (creating) and asks the zone's storage controller to make it. */
  public Volume create(QuotaClaim number, QuotaClaim size, String zone, int sizeGiB, String snapshotId,
      VolumeStore.SizeLimits limits) throws DomainException {
    return create(number, size, zone, sizeGiB, snapshotId, limits, java.util.Map.of(), null);
  }

  /** As above, with the volume's tags and, for a launch's volume, its attachment (see {@link VolumeStore#create}). */
  public Volume create(QuotaClaim number, QuotaClaim size, String zone, int sizeGiB, String snapshotId,
      VolumeStore.SizeLimits limits, java.util.Map<String, String> tags, VolumeStore.LaunchAttachment at)
      throws DomainException {
    Volume v = store.create(number, size, zone, sizeGiB, snapshotId, limits, tags, at);
    try {
      CreateStorageVolume req = new CreateStorageVolume();
      req.setVolumeId(v.volumeId());
      req.setSize(sizeGiB);
      req.setSnapshotId(snapshotId);
      storage.forZone(zone).createStorageVolume(req);
      return v;
    } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
      store.forget(v.volumeId());
      throw EbsRefusals.of(Component.STORAGE, zone, "create volume " + v.volumeId(), e);
    }
  }

  /**
   * Deletes an available volume: deleting while its storage controller removes it, then gone. The
   * SC's refusal (a fault) makes it available again with EC2's error, as does a zone with no SC
   * registered. An SC that cannot be reached or does not answer may or may not have deleted it: the
   * volume stays deleting and {@link StorageVolumeSync} sends the delete again until the SC confirms.
   */
  public void delete(String account, boolean admin, String volumeId) throws DomainException {
    Volume v = store.beginDelete(account, admin, volumeId);
    if (!storage.zones().contains(v.zone())) {
      store.deleteRefused(volumeId);
      throw new UnavailableException(ResourceKind.STORAGE, "Zone " + v.zone() + " has no storage controller registered.");
    }
    try {
      DeleteStorageVolume req = new DeleteStorageVolume();
      req.setVolumeId(volumeId);
      storage.forZone(v.zone()).deleteStorageVolume(req);
      store.deleted(volumeId);
    } catch (UnavailableException | jakarta.xml.ws.WebServiceException e) {
      if (e instanceof jakarta.xml.ws.soap.SOAPFaultException) {
        store.deleteRefused(volumeId); // an answer: the SC refused the call
        throw EbsRefusals.of(Component.STORAGE, v.zone(), "delete volume " + volumeId, e);
      }
      LOG.warn("volume {} stays deleting until the storage controller of zone {} takes the delete: {}", volumeId,
          v.zone(), e.toString());
    } catch (RuntimeException | EucalyptusFault_Exception e) {
      store.deleteRefused(volumeId);
      throw EbsRefusals.of(Component.STORAGE, v.zone(), "delete volume " + volumeId, e);
    }
  }

  /**
   * Attaches a volume to a running instance: the attachment recorded (attaching), the storage
   * controller's export for the instance's node (its CHAP password sealed for the node's
   * certificate), then the cluster's AttachVolume; any refusal rolls the attachment back and ends
   * the export. To a stopped instance the attachment is only recorded (attached): StartInstances
   * exports it with the instance's other volumes and its node plugs it at boot.
   */
  public VolumeAttachment attach(String account, boolean admin, String volumeId, String instanceId, String device)
      throws DomainException {
    VolumeStore.AttachFacts facts = store.beginAttach(account, admin, volumeId, instanceId, device);
    if (facts.stopped()) {
      return store.list(account, admin, List.of(volumeId)).get(0).attachment().orElseThrow();
    }
    boolean exported = false;
    Component calling = Component.STORAGE;
    try {
      if (facts.node() == null) {
        throw new UnavailableException(ResourceKind.INSTANCE,
            "Instance " + instanceId + " has no node reported yet; try again shortly.");
      }
      String pem = nodeCertificates.pem(facts.zone(), facts.node()).orElseThrow(() -> new UnavailableException(
          ResourceKind.INSTANCE, "The node of instance " + instanceId + " (" + facts.node() + ") is not enrolled yet."));
      EucalyptusSCPortType sc = storage.forZone(facts.zone());
      AttachStorageVolume export = new AttachStorageVolume();
      export.setVolumeId(volumeId);
      export.setInstanceId(instanceId);
      export.setNodeCertificate(pem);
      export.setNodeAddress(nodeHost(facts.node()));
      exported = true; // from here, an export may exist even if the answer is lost
      VolumeType target = sc.attachStorageVolume(export).getVolume();
      AttachVolume attach = new AttachVolume();
      attach.setInstanceId(instanceId);
      attach.setVolumeId(volumeId);
      attach.setRemoteDev(target.getRemoteDev());
      attach.setLocalDev(device);
      attach.setChapUser(target.getChapUser());
      attach.setChapPassword(target.getChapPassword());
      calling = Component.CLUSTER;
      clients.forCluster(cluster(facts.zone())).attachVolume(attach);
    } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
      store.attachFailed(volumeId, instanceId);
      if (exported) {
        endExport(facts.zone(), volumeId, instanceId);
      }
      throw EbsRefusals.of(calling, facts.zone(), "attach volume " + volumeId + " to " + instanceId, e);
    }
    return store.list(account, admin, List.of(volumeId)).get(0).attachment().orElseThrow();
  }

  /**
   * Detaches a volume: the cluster unplugs it (Force: whatever the guest does), then the storage
   * controller ends its export; the attachment is detaching until the node reports it gone. From a
   * stopped instance it is gone at once: no node is asked, and an export left is ended.
   */
  public VolumeAttachment detach(String account, boolean admin, String volumeId, String instanceId, String device,
      boolean force) throws DomainException {
    VolumeStore.Detach begun = store.beginDetach(account, admin, volumeId, instanceId, device);
    VolumeAttachment a = begun.attachment();
    String zone = store.find(volumeId).map(Volume::zone).orElseThrow();
    if (begun.stopped()) {
      endExport(zone, volumeId, a.instanceId());
      return a;
    }
    try {
      DetachVolume req = new DetachVolume();
      req.setInstanceId(a.instanceId());
      req.setVolumeId(volumeId);
      req.setLocalDev(a.device());
      req.setForce(force);
      clients.forCluster(cluster(zone)).detachVolume(req);
    } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
      if (!force) {
        store.detachRefused(a);
        throw EbsRefusals.of(Component.CLUSTER, zone, "detach volume " + volumeId, e);
      }
      // Force: the volume is taken from the instance here whatever its node says.
      LOG.warn("forced detach of {} from {}: the cluster did not take it: {}", volumeId, a.instanceId(), e.toString());
    }
    endExport(zone, volumeId, a.instanceId());
    if (force) {
      store.detachedNow(volumeId, a.instanceId());
    }
    return a;
  }

  /** Ends exports (and deletes volumes) the cluster reports no longer need them. */
  public void release(List<VolumeStore.Release> releases) {
    for (VolumeStore.Release r : releases) {
      endExport(r.zone(), r.volumeId(), r.instanceId());
      if (r.delete()) {
        try {
          DeleteStorageVolume req = new DeleteStorageVolume();
          req.setVolumeId(r.volumeId());
          storage.forZone(r.zone()).deleteStorageVolume(req);
          store.deleted(r.volumeId());
        } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
          // It stays deleting; the storage sync removes it once its storage controller has.
          LOG.warn("volume {} (delete on termination) not deleted yet: {}", r.volumeId(), e.toString());
        }
      }
    }
  }

  /**
   * Ends the exports of a stopped instance's volumes (StopInstances): its node no longer runs it, and
   * its next start exports them again with new logins. The attachments stay, as EC2 shows them.
   */
  public void endExportsOf(String instanceId) {
    store.attachmentsOf(List.of(instanceId)).getOrDefault(instanceId, List.of()).forEach(a ->
        store.find(a.volumeId()).ifPresent(v -> endExport(v.zone(), a.volumeId(), instanceId)));
  }

  void endExport(String zone, String volumeId, String instanceId) {
    try {
      DetachStorageVolume req = new DetachStorageVolume();
      req.setVolumeId(volumeId);
      req.setInstanceId(instanceId);
      storage.forZone(zone).detachStorageVolume(req);
    } catch (DomainException | RuntimeException | EucalyptusFault_Exception e) {
      LOG.warn("the export of {} to {} was not ended: {}", volumeId, instanceId, e.toString());
    }
  }

  private Cluster cluster(String zone) throws UnavailableException {
    return clusters.find(zone).orElseThrow(() -> new UnavailableException(ResourceKind.CLUSTER,
        "Availability zone " + zone + " has no cluster registered."));
  }

  /** The host of a node's service URL (its serviceTag), to which the export is bound. */
  private static String nodeHost(String serviceTag) {
    try {
      String host = java.net.URI.create(serviceTag).getHost();
      return host == null ? null : host;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
