package org.eucalyptus.nc.api;

import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.eucalyptus.nc.instances.LaunchOrder;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.types.InstanceType;

/** An instance of the NC's table as the NC contract reports it. */
final class InstanceReports {
  private static final DatatypeFactory DATATYPES;

  static {
    try {
      DATATYPES = DatatypeFactory.newInstance();
    } catch (DatatypeConfigurationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private InstanceReports() {}

  static InstanceType of(NcInstance inst) {
    LaunchOrder r = inst.request();
    InstanceType t = new InstanceType();
    t.setUuid(r.uuid());
    t.setReservationId(r.reservationId());
    t.setInstanceId(r.instanceId());
    t.setImageId(r.imageId());
    t.setKernelId(r.kernelId());
    t.setRamdiskId(r.ramdiskId());
    t.setUserId(r.userId());
    t.setOwnerId(r.ownerId());
    t.setAccountId(r.accountId());
    t.setKeyName(r.keyName());
    t.setInstanceType(LaunchOrders.toWire(r.machine()));
    // The network as requested, with the public address assigned since.
    LaunchOrder.Network net = r.network();
    t.setNetParams(LaunchOrders.toWire(net == null || inst.publicIp() == null ? net : net.withPublicIp(inst.publicIp())));
    t.setStateName(inst.phase().wireName());
    t.setStateReason(inst.reason());
    t.setLaunchTime(time(inst.launchTime()));
    t.setUserData(r.userData());
    t.setLaunchIndex(r.launchIndex());
    t.setPlatform(r.platform());
    t.getGroupNames().addAll(r.groupNames());
    for (org.eucalyptus.nc.instances.VolumeAttachment v : inst.volumes()) {
      org.eucalyptus.wsdl.types.VolumeType w = new org.eucalyptus.wsdl.types.VolumeType();
      w.setVolumeId(v.volumeId());
      w.setRemoteDev(v.remoteDev());
      w.setLocalDev(v.localDev());
      // An ended instance's volumes went with its domain (and their secrets with it).
      w.setState(inst.phase() == NcInstance.Phase.TEARDOWN ? "detached" : v.state().wireName());
      w.setStateReason(v.reason());
      t.getVolumes().add(w); // never the CHAP login: only the node needs it
    }
    return t;
  }

  static XMLGregorianCalendar time(Instant i) {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(i.toEpochMilli());
    return DATATYPES.newXMLGregorianCalendar(c);
  }
}
