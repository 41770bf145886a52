package org.eucalyptus.nc.api;

import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.types.InstanceType;
import org.eucalyptus.wsdl.types.NetConfigType;

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
    NcRunInstance r = inst.request();
    InstanceType t = new InstanceType();
    t.setUuid(r.getUuid());
    t.setReservationId(r.getReservationId());
    t.setInstanceId(r.getInstanceId());
    t.setImageId(r.getImageId());
    t.setKernelId(r.getKernelId());
    t.setRamdiskId(r.getRamdiskId());
    t.setUserId(r.getUserId());
    t.setOwnerId(r.getOwnerId());
    t.setAccountId(r.getAccountId());
    t.setKeyName(r.getKeyName());
    t.setInstanceType(r.getInstanceType());
    t.setNetParams(netParams(inst));
    t.setStateName(inst.phase().wireName());
    t.setStateReason(inst.reason());
    t.setLaunchTime(time(inst.launchTime()));
    t.setUserData(r.getUserData());
    t.setLaunchIndex(r.getLaunchIndex());
    t.setPlatform(r.getPlatform());
    t.getGroupNames().addAll(r.getGroupNames());
    return t;
  }

  /** The network as requested, with the public address assigned since (a copy: the request stays as it came). */
  private static NetConfigType netParams(NcInstance inst) {
    NetConfigType asked = inst.request().getNetParams();
    if (asked == null || inst.publicIp() == null) {
      return asked;
    }
    NetConfigType n = new NetConfigType();
    n.setPrivateMacAddress(asked.getPrivateMacAddress());
    n.setPrivateIp(asked.getPrivateIp());
    n.setPublicIp(inst.publicIp());
    n.setVlan(asked.getVlan());
    n.setNetworkIndex(asked.getNetworkIndex());
    n.setBridge(asked.getBridge());
    return n;
  }

  static XMLGregorianCalendar time(Instant i) {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(i.toEpochMilli());
    return DATATYPES.newXMLGregorianCalendar(c);
  }
}
