package org.eucalyptus.cc.nodes;

import org.eucalyptus.wsdl.cc.CcInstanceType;
import org.eucalyptus.wsdl.nc.InstanceType;

/** Converts between the NC contract's types and the CC contract's (generated into separate packages). */
public final class Wire {
  private Wire() {}

  public static CcInstanceType toCc(InstanceType n, String serviceTag) {
    CcInstanceType c = new CcInstanceType();
    c.setUuid(n.getUuid());
    c.setImageId(n.getImageId());
    c.setKernelId(n.getKernelId());
    c.setRamdiskId(n.getRamdiskId());
    c.setInstanceId(n.getInstanceId());
    c.setInstanceType(toCc(n.getInstanceType()));
    c.setKeyName(n.getKeyName());
    c.setLaunchTime(n.getLaunchTime());
    c.setStateName(n.getStateName());
    c.setStateReason(n.getStateReason());
    c.setNetParams(toCc(n.getNetParams()));
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

  public static org.eucalyptus.wsdl.cc.VirtualMachineType toCc(org.eucalyptus.wsdl.nc.VirtualMachineType n) {
    if (n == null) {
      return null;
    }
    org.eucalyptus.wsdl.cc.VirtualMachineType c = new org.eucalyptus.wsdl.cc.VirtualMachineType();
    c.setName(n.getName());
    c.setCores(n.getCores());
    c.setMemory(n.getMemory());
    c.setDisk(n.getDisk());
    for (org.eucalyptus.wsdl.nc.VirtualBootRecordType v : n.getVirtualBootRecord()) {
      org.eucalyptus.wsdl.cc.VirtualBootRecordType cv = new org.eucalyptus.wsdl.cc.VirtualBootRecordType();
      cv.setResourceLocation(v.getResourceLocation());
      cv.setGuestDeviceName(v.getGuestDeviceName());
      cv.setSize(v.getSize());
      cv.setFormat(v.getFormat());
      cv.setId(v.getId());
      cv.setType(v.getType());
      c.getVirtualBootRecord().add(cv);
    }
    return c;
  }

  public static org.eucalyptus.wsdl.nc.VirtualMachineType toNc(org.eucalyptus.wsdl.cc.VirtualMachineType c) {
    org.eucalyptus.wsdl.nc.VirtualMachineType n = new org.eucalyptus.wsdl.nc.VirtualMachineType();
    n.setName(c.getName());
    n.setCores(c.getCores());
    n.setMemory(c.getMemory());
    n.setDisk(c.getDisk());
    for (org.eucalyptus.wsdl.cc.VirtualBootRecordType v : c.getVirtualBootRecord()) {
      org.eucalyptus.wsdl.nc.VirtualBootRecordType nv = new org.eucalyptus.wsdl.nc.VirtualBootRecordType();
      nv.setResourceLocation(v.getResourceLocation());
      nv.setGuestDeviceName(v.getGuestDeviceName());
      nv.setSize(v.getSize());
      nv.setFormat(v.getFormat());
      nv.setId(v.getId());
      nv.setType(v.getType());
      n.getVirtualBootRecord().add(nv);
    }
    return n;
  }

  static org.eucalyptus.wsdl.cc.NetConfigType toCc(org.eucalyptus.wsdl.nc.NetConfigType n) {
    if (n == null) {
      return null;
    }
    org.eucalyptus.wsdl.cc.NetConfigType c = new org.eucalyptus.wsdl.cc.NetConfigType();
    c.setPrivateMacAddress(n.getPrivateMacAddress());
    c.setPrivateIp(n.getPrivateIp());
    c.setPublicIp(n.getPublicIp());
    c.setVlan(n.getVlan());
    c.setNetworkIndex(n.getNetworkIndex());
    c.setBridge(n.getBridge());
    return c;
  }

  public static org.eucalyptus.wsdl.nc.NetConfigType toNc(org.eucalyptus.wsdl.cc.NetConfigType c) {
    org.eucalyptus.wsdl.nc.NetConfigType n = new org.eucalyptus.wsdl.nc.NetConfigType();
    n.setPrivateMacAddress(c.getPrivateMacAddress());
    n.setPrivateIp(c.getPrivateIp());
    n.setPublicIp(c.getPublicIp());
    n.setVlan(c.getVlan());
    n.setNetworkIndex(c.getNetworkIndex());
    n.setBridge(c.getBridge());
    return n;
  }
}
