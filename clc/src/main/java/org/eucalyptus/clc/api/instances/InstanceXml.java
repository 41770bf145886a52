package org.eucalyptus.clc.api.instances;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
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
      SecurityGroup g = groups.get(id);
      x.start("item").element("groupId", id).element("groupName", g == null ? null : g.name()).end();
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
   * Everything {@link #write} reads of an instance and of what goes with it, as one string: equal
   * inputs write equal items, so a rendered item can be kept under them ({@link InstanceItems}).
   * Each value is written with its length before it (null as length 0), so two different inputs can
   * never give the same string; one string is compared much faster than a list of twenty (the list's
   * equals was a fifth of a 1,000-instance answer, JFR). Whatever {@code write} comes to read must be
   * added here too.
   */
  static String inputs(Instance i, Map<String, SecurityGroup> groups, Map<String, String> tags,
      java.util.List<org.eucalyptus.clc.volumes.VolumeAttachment> volumes) {
    StringBuilder in = new StringBuilder(256);
    for (Object v : new Object[] {i.instanceId(), i.imageId(), i.state().apiName(), i.privateIp(), i.publicIp(),
        i.stateReason(), i.keyName(), i.launchIndex(), i.vmType(), i.launchTime(), i.cluster(), i.kernelId(),
        i.ramdiskId(), i.rootDeviceType(), i.rootDeviceName(), i.clientToken()}) {
      input(in, v);
    }
    in.append((char) (tags == null ? 0 : tags.size()));
    if (tags != null) {
      tags.forEach((k, v) -> input(input(in, k), v));
    }
    java.util.List<String> groupIds = i.groupIds();
    in.append((char) groupIds.size());
    for (String id : groupIds) {
      SecurityGroup g = groups.get(id);
      input(input(in, id), g == null ? null : g.name());
    }
    in.append((char) volumes.size());
    for (org.eucalyptus.clc.volumes.VolumeAttachment a : volumes) {
      input(input(input(input(input(in, a.device()), a.volumeId()), a.state()), a.attachTime()),
          a.deleteOnTermination());
    }
    return in.toString();
  }

  private static StringBuilder input(StringBuilder in, Object value) {
    if (value == null) {
      return in.append((char) 0);
    }
    String v = value.toString();
    // One more than the length as one char (every value shown is far shorter than 65,535; short ones
    // keep the string Latin-1), then the value.
    return in.append((char) (v.length() + 1)).append(v);
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
