package org.eucalyptus.clc.api.volumes;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.api.instances.InstanceXml;
import org.eucalyptus.clc.volumes.Volume;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.common.xml.XmlWriter;

/** Writes volumes and attachments as EC2 (2010-08-31 and later) has them. */
public final class VolumeXml {
  private VolumeXml() {}

  /** A volume's fields, as CreateVolume answers them and DescribeVolumes' items begin. */
  static void fields(XmlWriter x, Volume v) {
    x.element("volumeId", v.volumeId())
        .element("size", v.sizeGiB())
        .elementOrEmpty("snapshotId", v.snapshotId() == null ? "" : v.snapshotId())
        .element("availabilityZone", v.zone())
        .element("status", v.state())
        .element("createTime", time(v.createTime()));
  }

  /** One DescribeVolumes item: the volume, its attachmentSet and its tagSet. */
  static void item(XmlWriter x, Volume v, Optional<VolumeAttachment> attachment, Map<String, String> tags) {
    x.start("item");
    fields(x, v);
    x.start("attachmentSet");
    attachment.ifPresent(a -> {
      x.start("item");
      attachment(x, a);
      x.element("deleteOnTermination", a.deleteOnTermination()).end();
    });
    x.end();
    InstanceXml.tags(x, tags);
    x.end();
  }

  /** An attachment's fields, as AttachVolume and DetachVolume answer them. */
  static void attachment(XmlWriter x, VolumeAttachment a) {
    x.element("volumeId", a.volumeId())
        .element("instanceId", a.instanceId())
        .element("device", a.device())
        .element("status", a.state())
        .element("attachTime", time(a.attachTime()));
  }

  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }
}
