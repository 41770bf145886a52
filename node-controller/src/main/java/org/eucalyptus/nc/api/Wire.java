package org.eucalyptus.nc.api;

import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.InstanceType;
import org.eucalyptus.wsdl.nc.NcRunInstance;

/** Converts the NC's instance records to the wire type. */
final class Wire {
  private static final DatatypeFactory DATATYPES;

  static {
    try {
      DATATYPES = DatatypeFactory.newInstance();
    } catch (DatatypeConfigurationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Wire() {}

  static InstanceType toWire(NcInstance inst) {
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
    t.setNetParams(r.getNetParams());
    t.setStateName(inst.phase().wireName());
    t.setStateReason(inst.reason());
    t.setLaunchTime(time(inst.launchTime()));
    t.setUserData(r.getUserData());
    t.setLaunchIndex(r.getLaunchIndex());
    t.setPlatform(r.getPlatform());
    t.getGroupNames().addAll(r.getGroupNames());
    return t;
  }

  static XMLGregorianCalendar time(Instant i) {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(i.toEpochMilli());
    return DATATYPES.newXMLGregorianCalendar(c);
  }
}
