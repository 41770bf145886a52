package org.eucalyptus.clc.api.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** The kept items of DescribeInstances: reused while nothing they show changed, rendered again when anything did. */
@UnitTest
class InstanceItemsTest {
  private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

  private static Instance instance() {
    return new Instance("i-0000000a", "r-0000000a", "000000000001", "u1", "emi-00000001", "eki-00000001",
        "eri-00000001", "m1.small", "zone-a", "key", null, 0, "d0:0d:00:00:00:0a", "token", List.of("sg-1", "sg-2"),
        T0);
  }

  private static Map<String, SecurityGroup> groups(String secondName) {
    return Map.of("sg-1", new SecurityGroup("sg-1", "000000000001", "default", "d", T0),
        "sg-2", new SecurityGroup("sg-2", "000000000001", secondName, "d", T0));
  }

  @Test
  void anItemIsReusedWhileItsInputsAreTheSameOnesEvenReadAgain() {
    InstanceItems items = new InstanceItems(16);
    XmlWriter.Fragment first = items.item(instance(), groups("web"), Map.of("Name", "a"), List.of());
    // A new listing reads new objects with equal values: the kept item serves.
    XmlWriter.Fragment again = items.item(instance(), groups("web"), new java.util.TreeMap<>(Map.of("Name", "a")),
        List.of());
    assertThat(again).isSameAs(first);
    assertThat(first.toString()).contains("<instanceId>i-0000000a</instanceId>", "<groupName>web</groupName>",
        "<key>Name</key><value>a</value>");
  }

  @Test
  void anyChangeToWhatTheItemShowsRendersItAgain() {
    InstanceItems items = new InstanceItems(16);
    XmlWriter.Fragment kept = items.item(instance(), groups("web"), null, List.of());

    Instance running = instance();
    running.placed("node-1", "10.0.0.5", "192.0.2.7");
    running.advance(InstanceState.RUNNING, null, T0.plusSeconds(3));
    XmlWriter.Fragment placed = items.item(running, groups("web"), null, List.of());
    assertThat(placed).isNotSameAs(kept);
    assertThat(placed.toString()).contains("<name>running</name>", "<privateIpAddress>10.0.0.5</privateIpAddress>",
        "<ipAddress>192.0.2.7</ipAddress>");

    XmlWriter.Fragment renamed = items.item(running, groups("db"), null, List.of());
    assertThat(renamed.toString()).contains("<groupName>db</groupName>").doesNotContain("<groupName>web</groupName>");

    XmlWriter.Fragment tagged = items.item(running, groups("db"), Map.of("Name", "b"), List.of());
    assertThat(tagged.toString()).contains("<value>b</value>");
    XmlWriter.Fragment retagged = items.item(running, groups("db"), Map.of("Name", "c"), List.of());
    assertThat(retagged.toString()).contains("<value>c</value>").doesNotContain("<value>b</value>");

    VolumeAttachment volume = new VolumeAttachment("vol-00000001", "i-0000000a", "/dev/sdf", T0);
    XmlWriter.Fragment attached = items.item(running, groups("db"), Map.of("Name", "c"), List.of(volume));
    assertThat(attached.toString()).contains("<volumeId>vol-00000001</volumeId>");
    assertThat(items.item(running, groups("db"), Map.of("Name", "c"), List.of(volume))).isSameAs(attached);
    VolumeAttachment elsewhere = new VolumeAttachment("vol-00000001", "i-0000000a", "/dev/sdg", T0);
    assertThat(items.item(running, groups("db"), Map.of("Name", "c"), List.of(elsewhere)).toString())
        .contains("<deviceName>/dev/sdg</deviceName>");
    assertThat(items.item(running, groups("db"), Map.of("Name", "c"), List.of()).toString())
        .doesNotContain("vol-00000001");
  }

  @Test
  void itsItemsAreKeptAsUtf8AndComeBackUnchanged() {
    InstanceItems items = new InstanceItems(16);
    XmlWriter.Fragment item = items.item(instance(), groups("wéb ☃"), Map.of("Name", "ünïcode ✓"), List.of());
    assertThat(item.toString()).contains("<groupName>wéb ☃</groupName>", "<value>ünïcode ✓</value>");
    assertThat(item.size()).isEqualTo(item.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }
}
