package org.eucalyptus.sc.api;

import jakarta.jws.WebService;
import java.time.Clock;
import java.util.Optional;
import org.eucalyptus.common.pki.ComponentKeys;
import org.eucalyptus.common.util.Versioned;
import org.eucalyptus.sc.iscsi.Exports;
import org.eucalyptus.sc.snapshots.SnapshotCopies;
import org.eucalyptus.sc.snapshots.WalrusSnapshots;
import org.eucalyptus.sc.store.ExportRows;
import org.eucalyptus.sc.store.SnapshotRows;
import org.eucalyptus.sc.store.VolumeRows;
import org.eucalyptus.sc.volumes.VolumeBackend;
import org.eucalyptus.sc.volumes.VolumeCreation;
import org.eucalyptus.wsdl.sc.*;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/** The SC's SOAP operations, each handed to its own handler; failures become faults in one place. */
@WebService(endpointInterface = "org.eucalyptus.wsdl.sc.EucalyptusSCPortType", serviceName = "EucalyptusSC",
    portName = "EucalyptusSCPort", targetNamespace = "http://eucalyptus.ucsb.edu/",
    wsdlLocation = "classpath:wsdl/eucalyptus_sc.wsdl")
public class StorageControllerService implements EucalyptusSCPortType {
  private final TrustHandlers trust;
  private final CreateStorageVolumeHandler createVolume;
  private final DeleteStorageVolumeHandler deleteVolume;
  private final DescribeStorageVolumesHandler describeVolumes;
  private final AttachStorageVolumeHandler attach;
  private final DetachStorageVolumeHandler detach;
  private final CreateStorageSnapshotHandler createSnapshot;
  private final DeleteStorageSnapshotHandler deleteSnapshot;
  private final DescribeStorageSnapshotsHandler describeSnapshots;

  /** What the handlers work on. */
  public record Parts(ComponentKeys keys, VolumeRows volumes, ExportRows exportRows, SnapshotRows snapshots,
      Versioned version, VolumeBackend backend, Exports exports, VolumeCreation creation, SnapshotCopies copies,
      Optional<WalrusSnapshots> walrus, String portal, Clock clock) {}

  public StorageControllerService(Parts p) {
    this.trust = new TrustHandlers(p.keys());
    this.createVolume = new CreateStorageVolumeHandler(p.volumes(), p.creation(), p.backend(), p.clock());
    this.deleteVolume = new DeleteStorageVolumeHandler(p.volumes(), p.exportRows(), p.backend());
    this.describeVolumes = new DescribeStorageVolumesHandler(p.volumes(), p.exportRows(), p.snapshots(), p.version());
    this.attach = new AttachStorageVolumeHandler(p.volumes(), p.exportRows(), p.exports(), p.backend(), p.portal());
    this.detach = new DetachStorageVolumeHandler(p.exportRows(), p.exports());
    this.createSnapshot = new CreateStorageSnapshotHandler(p.volumes(), p.snapshots(), p.copies(), p.clock());
    this.deleteSnapshot = new DeleteStorageSnapshotHandler(p.snapshots(), p.walrus());
    this.describeSnapshots = new DescribeStorageSnapshotsHandler(p.snapshots(), p.version());
  }

  @Override
  public DescribeIdentityResponse describeIdentity(DescribeIdentity body) throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> trust.describe(body));
  }

  @Override
  public InstallCredentialsResponse installCredentials(InstallCredentials body) throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> trust.install(body));
  }

  @Override
  public CreateStorageVolumeResponse createStorageVolume(CreateStorageVolume body) throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> createVolume.handle(body));
  }

  @Override
  public DeleteStorageVolumeResponse deleteStorageVolume(DeleteStorageVolume body) throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> deleteVolume.handle(body));
  }

  @Override
  public DescribeStorageVolumesResponse describeStorageVolumes(DescribeStorageVolumes body)
      throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> describeVolumes.handle(body));
  }

  @Override
  public AttachStorageVolumeResponse attachStorageVolume(AttachStorageVolume body) throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> attach.handle(body));
  }

  @Override
  public DetachStorageVolumeResponse detachStorageVolume(DetachStorageVolume body) throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> detach.handle(body));
  }

  @Override
  public CreateStorageSnapshotResponse createStorageSnapshot(CreateStorageSnapshot body)
      throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> createSnapshot.handle(body));
  }

  @Override
  public DeleteStorageSnapshotResponse deleteStorageSnapshot(DeleteStorageSnapshot body)
      throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> deleteSnapshot.handle(body));
  }

  @Override
  public DescribeStorageSnapshotsResponse describeStorageSnapshots(DescribeStorageSnapshots body)
      throws EucalyptusFault_Exception {
    return StorageFaults.call(() -> describeSnapshots.handle(body));
  }
}
