package org.eucalyptus.clc.api.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.volumes.Volume;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** The volume responses' shapes, element by element, as EC2 (2010-08-31 and later) writes them. */
@UnitTest
class VolumeXmlTest {
  static final Instant T = Instant.parse("2026-12-05T10:00:00.123456Z");

  static String body(String doc) {
    int start = doc.indexOf('>', doc.indexOf("<r")) + 1;
    return doc.substring(start, doc.lastIndexOf("</r>"));
  }

  @Test
  void aVolumeWithItsAttachmentAndTags() {
    Volume v = new Volume("vol-0123abcd", "000000000001", "AIDUSER", "zone1", 5, null, T);
    VolumeAttachment a = new VolumeAttachment("vol-0123abcd", "i-0000abcd", "/dev/sdf", T);
    XmlWriter x = new XmlWriter().root("r", "http://ec2.amazonaws.com/doc/2012-06-01/");
    VolumeXml.item(x, v, Optional.of(a), Map.of("purpose", "scratch"));
    assertThat(body(x.toString())).isEqualTo("<item><volumeId>vol-0123abcd</volumeId><size>5</size>"
        + "<snapshotId/><availabilityZone>zone1</availabilityZone><status>creating</status>"
        + "<createTime>2026-12-05T10:00:00.123Z</createTime>"
        + "<attachmentSet><item><volumeId>vol-0123abcd</volumeId><instanceId>i-0000abcd</instanceId>"
        + "<device>/dev/sdf</device><status>attaching</status><attachTime>2026-12-05T10:00:00.123Z</attachTime>"
        + "<deleteOnTermination>false</deleteOnTermination></item></attachmentSet>"
        + "<tagSet><item><key>purpose</key><value>scratch</value></item></tagSet></item>");
  }

  @Test
  void aVolumeFromASnapshotNotAttached() {
    Volume v = new Volume("vol-0123abcd", "000000000001", "AIDUSER", "zone1", 5, "snap-0000ffff", T);
    XmlWriter x = new XmlWriter().root("r", "http://ec2.amazonaws.com/doc/2012-06-01/");
    VolumeXml.item(x, v, Optional.empty(), null);
    assertThat(body(x.toString())).contains("<snapshotId>snap-0000ffff</snapshotId>")
        .contains("<attachmentSet></attachmentSet><tagSet></tagSet></item>");
  }
}
