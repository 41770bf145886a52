package org.eucalyptus.cc.instances;

import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/**
 * Deep copies of the generated (mutable) instance type: the cache keeps its own and hands out
 * others, so no one outside it holds an object it changes, and none it holds changes after.
 */
final class InstanceCopies {
  private InstanceCopies() {}

  static CcInstanceType of(CcInstanceType i) {
    CcInstanceType c = new CcInstanceType();
    c.setUuid(i.getUuid());
    c.setImageId(i.getImageId());
    c.setKernelId(i.getKernelId());
    c.setRamdiskId(i.getRamdiskId());
    c.setInstanceId(i.getInstanceId());
    c.setInstanceType(of(i.getInstanceType()));
    c.setKeyName(i.getKeyName());
    c.setLaunchTime(i.getLaunchTime() == null ? null : (javax.xml.datatype.XMLGregorianCalendar) i.getLaunchTime().clone());
    c.setStateName(i.getStateName());
    c.setNetParams(of(i.getNetParams()));
    c.setOwnerId(i.getOwnerId());
    c.setAccountId(i.getAccountId());
    c.setReservationId(i.getReservationId());
    c.setServiceTag(i.getServiceTag());
    c.setUserData(i.getUserData());
    c.setLaunchIndex(i.getLaunchIndex());
    c.setPlatform(i.getPlatform());
    c.getGroupNames().addAll(i.getGroupNames());
    c.setStateReason(i.getStateReason());
    return c;
  }

  /** A copy in another state, with the reason. */
  static CcInstanceType inState(CcInstanceType i, String state, String reason) {
    CcInstanceType c = of(i);
    c.setStateName(state);
    c.setStateReason(reason);
    return c;
  }

  private static VirtualMachineType of(VirtualMachineType t) {
    if (t == null) {
      return null;
    }
    VirtualMachineType c = new VirtualMachineType();
    c.setName(t.getName());
    c.setMemory(t.getMemory());
    c.setCores(t.getCores());
    c.setDisk(t.getDisk());
    for (VirtualBootRecordType r : t.getVirtualBootRecord()) {
      VirtualBootRecordType v = new VirtualBootRecordType();
      v.setResourceLocation(r.getResourceLocation());
      v.setGuestDeviceName(r.getGuestDeviceName());
      v.setSize(r.getSize());
      v.setFormat(r.getFormat());
      v.setId(r.getId());
      v.setType(r.getType());
      c.getVirtualBootRecord().add(v);
    }
    return c;
  }

  private static NetConfigType of(NetConfigType n) {
    if (n == null) {
      return null;
    }
    NetConfigType c = new NetConfigType();
    c.setPrivateMacAddress(n.getPrivateMacAddress());
    c.setPrivateIp(n.getPrivateIp());
    c.setPublicIp(n.getPublicIp());
    c.setVlan(n.getVlan());
    c.setNetworkIndex(n.getNetworkIndex());
    c.setBridge(n.getBridge());
    return c;
  }
}
