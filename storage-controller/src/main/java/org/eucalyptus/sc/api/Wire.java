package org.eucalyptus.sc.api;

import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.eucalyptus.sc.store.Snapshot;
import org.eucalyptus.sc.store.Volume;
import org.eucalyptus.wsdl.sc.StorageSnapshotType;
import org.eucalyptus.wsdl.sc.StorageVolumeType;

/** Rows as the contract's types. */
final class Wire {
  private static final DatatypeFactory DATES;

  static {
    try {
      DATES = DatatypeFactory.newInstance();
    } catch (DatatypeConfigurationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Wire() {}

  static StorageVolumeType volume(Volume v, List<String> exportedTo) {
    StorageVolumeType t = new StorageVolumeType();
    t.setVolumeId(v.id());
    t.setSize(v.sizeGib());
    t.setSnapshotId(v.snapshotId().orElse(null));
    t.setStatus(v.status().wire());
    t.setCreateTime(time(v.created()));
    t.setStatusReason(v.reason().orElse(null));
    t.getExportedTo().addAll(exportedTo);
    return t;
  }

  /** A volume named that the SC does not have: deleted (or never made). */
  static StorageVolumeType deletedVolume(String id) {
    StorageVolumeType t = new StorageVolumeType();
    t.setVolumeId(id);
    t.setStatus("deleted");
    return t;
  }

  static StorageSnapshotType snapshot(Snapshot s) {
    StorageSnapshotType t = new StorageSnapshotType();
    t.setSnapshotId(s.id());
    t.setVolumeId(s.volumeId());
    t.setVolumeSize(s.volumeSizeGib());
    t.setStatus(s.status().wire());
    t.setProgress(s.progress() + "%");
    t.setStartTime(time(s.started()));
    t.setStatusReason(s.reason().orElse(null));
    return t;
  }

  static StorageSnapshotType deletedSnapshot(String id) {
    StorageSnapshotType t = new StorageSnapshotType();
    t.setSnapshotId(id);
    t.setVolumeId("");
    t.setStatus("deleted");
    return t;
  }

  private static XMLGregorianCalendar time(Instant i) {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(i.toEpochMilli());
    return DATES.newXMLGregorianCalendar(c);
  }
}
