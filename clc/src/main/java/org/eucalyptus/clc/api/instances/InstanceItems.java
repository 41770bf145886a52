package org.eucalyptus.clc.api.instances;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * DescribeInstances' items, rendered once and kept under everything they were rendered from
 * ({@link InstanceXml.Inputs}): an item is written again only when one of its inputs changed, so
 * nothing that writes instances, tags, groups or volumes has to tell this cache anything, and an
 * answer can never differ from a fresh rendering. Rendering was half of a large answer's cost.
 * Bounded: past {@code capacity} items it starts over.
 */
final class InstanceItems {
  /** Enough for every instance of a cloud at the scale aimed at (10,000), with room. */
  static final int DEFAULT_CAPACITY = 65_536;

  private record Rendered(InstanceXml.Inputs inputs, XmlWriter.Fragment item) {}

  private final int capacity;
  private final Map<String, Rendered> byInstanceId = new ConcurrentHashMap<>();

  InstanceItems(int capacity) {
    this.capacity = capacity;
  }

  /** The instance's item, rendered now or kept from a rendering of the same inputs. */
  XmlWriter.Fragment item(Instance i, Map<String, SecurityGroup> groups, Map<String, String> tags,
      List<VolumeAttachment> volumes) {
    Rendered kept = byInstanceId.get(i.instanceId());
    if (kept != null && kept.inputs().sameAs(i, groups, tags, volumes)) {
      return kept.item();
    }
    InstanceXml.Inputs inputs = InstanceXml.Inputs.of(i, groups, tags, volumes);
    XmlWriter x = XmlWriter.part();
    InstanceXml.write(x, i, groups, tags, volumes);
    XmlWriter.Fragment item = x.toFragment();
    if (byInstanceId.size() >= capacity) {
      byInstanceId.clear();
    }
    byInstanceId.put(i.instanceId(), new Rendered(inputs, item));
    return item;
  }

  /** How many items are kept. */
  int size() {
    return byInstanceId.size();
  }
}
