package org.eucalyptus.clc.api.instances;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceState;
import org.eucalyptus.common.xml.XmlWriter;

/** Writes one instance as the {@code item} EC2 puts in instancesSet. */
public final class InstanceXml {
  private InstanceXml() {}

  /** Writes the groupSet of an instance or reservation: each group's id and name. */
  static void groups(XmlWriter x, Instance i, Map<String, SecurityGroup> groups) {
    x.start("groupSet");
    for (String id : i.groupIds()) {
      x.start("item").element("groupId", id).element("groupName", groupName(groups, id)).end();
    }
    x.end();
  }

  /** Writes a tagSet. */
  public static void tags(XmlWriter x, Map<String, String> tags) {
    x.start("tagSet");
    if (tags != null) {
      tags.forEach((k, v) -> x.start("item").element("key", k).element("value", v).end());
    }
    x.end();
  }

  static void write(XmlWriter x, Instance i, Map<String, SecurityGroup> groups, Map<String, String> tags) {
    write(x, i, groups, tags, java.util.List.of());
  }

  /**
   * Everything {@link #write} reads of an instance and of what goes with it: equal inputs write equal
   * items, so a rendered item can be kept under them ({@link InstanceItems}). Whatever {@code write}
   * comes to read must be added here too. Made once per rendering; a listing only compares an
   * instance with it ({@link #sameAs}), field by field, allocating nothing: building a key per
   * instance and listing was a quarter of a 1,000-instance answer (JFR).
   */
  record Inputs(String instanceId, String imageId, InstanceState state, String privateIp, String publicIp,
      String stateReason, String keyName, int launchIndex, String vmType, java.time.Instant launchTime, String cluster,
      String kernelId, String ramdiskId, String rootDeviceType, String rootDeviceName, String clientToken,
      java.util.List<String> groupIds, java.util.List<String> groupNames, Map<String, String> tags,
      java.util.List<VolumeInputs> volumes) {

    static Inputs of(Instance i, Map<String, SecurityGroup> groups, Map<String, String> tags,
        java.util.List<org.eucalyptus.clc.volumes.VolumeAttachment> volumes) {
      java.util.List<String> names = new java.util.ArrayList<>();
      for (String id : i.groupIds()) {
        names.add(groupName(groups, id));
      }
      return new Inputs(i.instanceId(), i.imageId(), i.state(), i.privateIp(), i.publicIp(), i.stateReason(),
          i.keyName(), i.launchIndex(), i.vmType(), i.launchTime(), i.cluster(), i.kernelId(), i.ramdiskId(),
          i.rootDeviceType(), i.rootDeviceName(), i.clientToken(), i.groupIds(), java.util.Collections.unmodifiableList(names),
          tags == null || tags.isEmpty() ? Map.of() : Map.copyOf(tags),
          volumes.stream().map(VolumeInputs::of).toList());
    }

    /** Whether {@code i}, with these groups, tags and volumes, has exactly these inputs. */
    boolean sameAs(Instance i, Map<String, SecurityGroup> groups, Map<String, String> tags,
        java.util.List<org.eucalyptus.clc.volumes.VolumeAttachment> volumes) {
      if (!(Objects.equals(instanceId, i.instanceId()) && Objects.equals(imageId, i.imageId()) && state == i.state()
          && Objects.equals(privateIp, i.privateIp()) && Objects.equals(publicIp, i.publicIp())
          && Objects.equals(stateReason, i.stateReason()) && Objects.equals(keyName, i.keyName())
          && launchIndex == i.launchIndex() && Objects.equals(vmType, i.vmType())
          && Objects.equals(launchTime, i.launchTime()) && Objects.equals(cluster, i.cluster())
          && Objects.equals(kernelId, i.kernelId()) && Objects.equals(ramdiskId, i.ramdiskId())
          && Objects.equals(rootDeviceType, i.rootDeviceType()) && Objects.equals(rootDeviceName, i.rootDeviceName())
          && Objects.equals(clientToken, i.clientToken()) && groupIds.equals(i.groupIds())
          && this.tags.equals(tags == null ? Map.of() : tags) && this.volumes.size() == volumes.size())) {
        return false;
      }
      for (int k = 0; k < groupIds.size(); k++) {
        if (!Objects.equals(groupNames.get(k), groupName(groups, groupIds.get(k)))) {
          return false;
        }
      }
      for (int k = 0; k < volumes.size(); k++) {
        if (!this.volumes.get(k).sameAs(volumes.get(k))) {
          return false;
        }
      }
      return true;
    }
  }

  /** What {@link #write} reads of a volume attachment. */
  record VolumeInputs(String device, String volumeId, String state, java.time.Instant attachTime,
      boolean deleteOnTermination) {
    static VolumeInputs of(org.eucalyptus.clc.volumes.VolumeAttachment a) {
      return new VolumeInputs(a.device(), a.volumeId(), a.state(), a.attachTime(), a.deleteOnTermination());
    }

    boolean sameAs(org.eucalyptus.clc.volumes.VolumeAttachment a) {
      return Objects.equals(device, a.device()) && Objects.equals(volumeId, a.volumeId())
          && Objects.equals(state, a.state()) && Objects.equals(attachTime, a.attachTime())
          && deleteOnTermination == a.deleteOnTermination();
    }
  }

  private static String groupName(Map<String, SecurityGroup> groups, String id) {
    SecurityGroup g = groups.get(id);
    return g == null ? null : g.name();
  }

  /** An instance with the volumes attached to it, in its blockDeviceMapping. */
  static void write(XmlWriter x, Instance i, Map<String, SecurityGroup> groups, Map<String, String> tags,
      java.util.List<org.eucalyptus.clc.volumes.VolumeAttachment> volumes) {
    x.start("item")
        .element("instanceId", i.instanceId())
        .element("imageId", i.imageId());
    state(x, "instanceState", i.state());
    x.elementOrEmpty("privateDnsName", dnsName(i.privateIp(), "eucalyptus.internal"))
        .elementOrEmpty("dnsName", dnsName(i.publicIp() != null ? i.publicIp() : i.privateIp(), "eucalyptus"))
        .elementOrEmpty("reason", i.stateReason() == null ? "" : i.stateReason())
        .element("keyName", i.keyName())
        .element("amiLaunchIndex", i.launchIndex())
        .empty("productCodes")
        .element("instanceType", i.vmType())
        .element("launchTime", DateTimeFormatter.ISO_INSTANT.format(i.launchTime().truncatedTo(ChronoUnit.MILLIS)))
        .start("placement").element("availabilityZone", i.cluster()).element("tenancy", "default").end()
        .element("kernelId", i.kernelId())
        .element("ramdiskId", i.ramdiskId())
        .start("monitoring").element("state", "disabled").end()
        .element("privateIpAddress", i.privateIp())
        .element("ipAddress", i.publicIp());
    groups(x, i, groups);
    if (i.state() == InstanceState.TERMINATED && i.stateReason() != null) {
      x.start("stateReason").element("code", "Client.UserInitiatedShutdown".equals(i.stateReason())
              ? "Client.UserInitiatedShutdown" : "Server.InternalError")
          .element("message", i.stateReason()).end();
    } else if ((i.state() == InstanceState.STOPPING || i.state() == InstanceState.STOPPED) && i.stateReason() != null) {
      // EC2's reasons read "Client.UserInitiatedShutdown: User initiated shutdown": the code, then the words.
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^((?:Client|Server)\\.\\w+):").matcher(i.stateReason());
      x.start("stateReason").element("code", m.find() ? m.group(1) : "Server.InternalError")
          .element("message", i.stateReason()).end();
    }
    x.element("architecture", "x86_64")
        .element("rootDeviceType", i.rootDeviceType())
        .element("rootDeviceName", i.rootDeviceName())
        .start("blockDeviceMapping");
    for (org.eucalyptus.clc.volumes.VolumeAttachment a : volumes) {
      x.start("item").element("deviceName", a.device())
          .start("ebs").element("volumeId", a.volumeId()).element("status", a.state())
          .element("attachTime", DateTimeFormatter.ISO_INSTANT.format(a.attachTime().truncatedTo(ChronoUnit.MILLIS)))
          .element("deleteOnTermination", a.deleteOnTermination()).end().end();
    }
    x.end()
        .element("virtualizationType", "paravirtual")
        .element("clientToken", i.clientToken());
    tags(x, tags);
    x.element("hypervisor", "kvm").end();
  }

  /** The instancesSet of Terminate/Stop/StartInstances: each instance's id, current and previous state. */
  static String transitions(org.eucalyptus.clc.api.QueryRequest req,
      java.util.List<org.eucalyptus.clc.instances.InstanceService.Transition> done) {
    XmlWriter x = req.response().start("instancesSet");
    for (org.eucalyptus.clc.instances.InstanceService.Transition t : done) {
      x.start("item").element("instanceId", t.instance().instanceId());
      state(x, "currentState", t.instance().state());
      state(x, "previousState", t.previous());
      x.end();
    }
    return x.end().toString();
  }

  static void state(XmlWriter x, String element, InstanceState s) {
    x.start(element).element("code", s.code()).element("name", s.apiName()).end();
  }

  /** Eucalyptus-style DNS names: {@code euca-10-1-2-3.eucalyptus.internal}. */
  private static String dnsName(String ip, String domain) {
    if (ip == null || ip.isEmpty()) {
      return "";
    }
    return "euca-" + ip.replace('.', '-') + "." + domain;
  }
}
