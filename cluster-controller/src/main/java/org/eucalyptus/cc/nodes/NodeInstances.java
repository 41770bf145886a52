package org.eucalyptus.cc.nodes;

import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.InstanceType;

/**
 * An instance as its node reported it, as the CC reports it: the two contracts' instance types
 * order their fields differently (as in 3.1), and only the CC's names the node that runs it.
 */
public final class NodeInstances {
  private NodeInstances() {}

  public static CcInstanceType toCc(InstanceType n, String serviceTag) {
    CcInstanceType c = new CcInstanceType();
    c.setUuid(n.getUuid());
    c.setImageId(n.getImageId());
    c.setKernelId(n.getKernelId());
    c.setRamdiskId(n.getRamdiskId());
    c.setInstanceId(n.getInstanceId());
    c.setInstanceType(n.getInstanceType());
    c.setKeyName(n.getKeyName());
    c.setLaunchTime(n.getLaunchTime());
    c.setStateName(n.getStateName());
    c.setStateReason(n.getStateReason());
    c.setNetParams(n.getNetParams());
    c.setOwnerId(n.getOwnerId());
    c.setAccountId(n.getAccountId());
    c.setReservationId(n.getReservationId());
    c.setServiceTag(serviceTag);
    c.setUserData(n.getUserData());
    c.setLaunchIndex(n.getLaunchIndex());
    c.setPlatform(n.getPlatform());
    c.getGroupNames().addAll(n.getGroupNames());
    return c;
  }
}
