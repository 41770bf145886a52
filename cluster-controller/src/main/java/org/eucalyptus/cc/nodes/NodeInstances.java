package org.eucalyptus.cc.nodes;

import org.eucalyptus.cc.instances.CcInstance;
import org.eucalyptus.wsdl.types.InstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * The edge between the NC contract's generated types and the cluster's model: an instance as its
 * node reported it becomes the cluster's {@link CcInstance}, which also names the node that runs it.
 */
public final class NodeInstances {
  private NodeInstances() {}

  public static CcInstance of(InstanceType n, String serviceTag) {
    return new CcInstance(n.getInstanceId(), n.getUuid(), n.getReservationId(), n.getImageId(), n.getKernelId(),
        n.getRamdiskId(), machine(n.getInstanceType()), n.getKeyName(),
        n.getLaunchTime() == null ? null : n.getLaunchTime().toGregorianCalendar().toInstant(), n.getStateName(),
        n.getStateReason(), network(n.getNetParams()), n.getOwnerId(), n.getAccountId(), serviceTag, n.getUserData(),
        n.getLaunchIndex(), n.getPlatform(), n.getGroupNames(), n.getVolumes().stream().map(v ->
            new CcInstance.Volume(v.getVolumeId(), v.getRemoteDev(), v.getLocalDev(), v.getState(), v.getStateReason()))
            .toList());
  }

  public static CcInstance.Machine machine(VirtualMachineType t) {
    if (t == null) {
      return null;
    }
    return new CcInstance.Machine(t.getName(), t.getMemory(), t.getCores(), t.getDisk(),
        t.getVirtualBootRecord().stream().map(v -> new CcInstance.BootRecord(v.getResourceLocation(),
            v.getGuestDeviceName(), v.getSize(), v.getFormat(), v.getId(), v.getType())).toList());
  }

  public static CcInstance.Network network(NetConfigType n) {
    return n == null ? null : new CcInstance.Network(n.getPrivateMacAddress(), n.getPrivateIp(), n.getPublicIp(),
        n.getVlan(), n.getNetworkIndex(), n.getBridge());
  }
}
