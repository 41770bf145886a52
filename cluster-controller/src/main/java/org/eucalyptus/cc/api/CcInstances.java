package org.eucalyptus.cc.api;

import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.eucalyptus.cc.instances.CcInstance;
import org.eucalyptus.wsdl.types.CcInstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;
import org.eucalyptus.wsdl.types.VirtualBootRecordType;
import org.eucalyptus.wsdl.types.VirtualMachineType;

/** The cluster's instances as the CC contract reports them (a fresh generated object per answer). */
final class CcInstances {
  private static final DatatypeFactory DATATYPES;

  static {
    try {
      DATATYPES = DatatypeFactory.newInstance();
    } catch (DatatypeConfigurationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private CcInstances() {}

  static CcInstanceType toWire(CcInstance i) {
    return toWire(i, false);
  }

  /**
   * The instance on the wire; {@code brief}: without what its launch gave and the caller keeps (the
   * boot records and the user data, up to 16 KB an instance), for the cloud controller, which reads
   * neither from a report, and whose every report of every instance carried them again.
   */
  static CcInstanceType toWire(CcInstance i, boolean brief) {
    CcInstanceType c = new CcInstanceType();
    c.setUuid(i.uuid());
    c.setImageId(i.imageId());
    c.setKernelId(i.kernelId());
    c.setRamdiskId(i.ramdiskId());
    c.setInstanceId(i.instanceId());
    c.setInstanceType(toWire(i.machine(), brief));
    c.setKeyName(i.keyName());
    c.setLaunchTime(time(i.launchTime()));
    c.setStateName(i.stateName());
    c.setNetParams(toWire(i.network()));
    c.setOwnerId(i.ownerId());
    c.setAccountId(i.accountId());
    c.setReservationId(i.reservationId());
    c.setServiceTag(i.serviceTag());
    c.setUserData(brief ? null : i.userData());
    c.setLaunchIndex(i.launchIndex());
    c.setPlatform(i.platform());
    c.getGroupNames().addAll(i.groupNames());
    c.setStateReason(i.stateReason());
    for (CcInstance.Volume v : i.volumes()) {
      org.eucalyptus.wsdl.types.VolumeType w = new org.eucalyptus.wsdl.types.VolumeType();
      w.setVolumeId(v.volumeId());
      w.setRemoteDev(v.remoteDev());
      w.setLocalDev(v.localDev());
      w.setState(v.state());
      w.setStateReason(v.stateReason());
      c.getVolumes().add(w);
    }
    return c;
  }

  private static VirtualMachineType toWire(CcInstance.Machine m, boolean brief) {
    if (m == null) {
      return null;
    }
    VirtualMachineType t = new VirtualMachineType();
    t.setName(m.name());
    t.setMemory(m.memoryMb());
    t.setCores(m.cores());
    t.setDisk(m.diskGb());
    for (CcInstance.BootRecord b : brief ? List.<CcInstance.BootRecord>of() : m.bootRecords()) {
      VirtualBootRecordType v = new VirtualBootRecordType();
      v.setResourceLocation(b.resourceLocation());
      v.setGuestDeviceName(b.guestDeviceName());
      v.setSize(b.size());
      v.setFormat(b.format());
      v.setId(b.id());
      v.setType(b.type());
      t.getVirtualBootRecord().add(v);
    }
    return t;
  }

  private static NetConfigType toWire(CcInstance.Network n) {
    if (n == null) {
      return null;
    }
    NetConfigType c = new NetConfigType();
    c.setPrivateMacAddress(n.privateMacAddress());
    c.setPrivateIp(n.privateIp());
    c.setPublicIp(n.publicIp());
    c.setVlan(n.vlan());
    c.setNetworkIndex(n.networkIndex());
    c.setBridge(n.bridge());
    return c;
  }

  static XMLGregorianCalendar time(Instant i) {
    if (i == null) {
      return null;
    }
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(i.toEpochMilli());
    return DATATYPES.newXMLGregorianCalendar(c);
  }
}
