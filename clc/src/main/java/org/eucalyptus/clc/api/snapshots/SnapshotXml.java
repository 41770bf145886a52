package org.eucalyptus.clc.api.snapshots;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eucalyptus.clc.api.instances.InstanceXml;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.common.xml.XmlWriter;

/** A snapshot as EC2's CreateSnapshot and DescribeSnapshots answer it. */
final class SnapshotXml {
  private SnapshotXml() {}

  /** The fields of one snapshot, into the element already started; the tag set when {@code tags} is given. */
  static XmlWriter fields(XmlWriter x, Snapshot s, Map<String, String> tags) {
    x.element("snapshotId", s.snapshotId()).element("volumeId", s.volumeId()).element("status", s.state())
        .element("startTime", time(s.startTime())).element("progress", s.progress())
        .element("ownerId", s.accountNumber()).element("volumeSize", s.volumeSizeGiB())
        .elementOrEmpty("description", s.description());
    if (tags != null) {
      InstanceXml.tags(x, tags);
    }
    return x;
  }

  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }
}
