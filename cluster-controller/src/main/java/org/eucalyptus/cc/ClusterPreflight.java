package org.eucalyptus.cc;

import org.eucalyptus.common.net.NetworkMode;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.cc.network.NetworkSettings;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.config.HostChecks;

/**
 * What a cluster controller's host must have before it starts: a state directory it can write,
 * valid NODES and VNET_* settings, and for the networking mode its interfaces, iptables, dnsmasq
 * and IP forwarding. Each problem is one sentence saying what to do.
 */
public final class ClusterPreflight {
  private ClusterPreflight() {}

  public static List<String> problems(EucaConf conf) {
    List<String> out = new ArrayList<>();
    ClusterSettings settings;
    try {
      settings = ClusterSettings.from(conf);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage()); // a bad setting: the host checks would test the wrong thing
      return out;
    }
    out.addAll(HostChecks.collect(HostChecks.writableDir("CC_STATE_DIR", settings.stateDir())));
    try {
      org.eucalyptus.cc.nodes.NodeRegistry.fromSettings(settings.nodes(), null, java.util.Optional::empty);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage());
    }
    NetworkSettings s = settings.network();
    HostChecks host = new HostChecks(settings.networkHost().netnsPrefix());
    switch (s.mode()) {
      case SYSTEM -> { }
      case STATIC -> out.addAll(HostChecks.collect(HostChecks.program("dnsmasq", "dnsmasq-base"),
          host.netInterface("VNET_PRIVINTERFACE", s.privInterface())));
      case MANAGED, MANAGED_NOVLAN -> {
        out.addAll(HostChecks.collect(HostChecks.program("iptables-restore", "iptables"),
            HostChecks.program("dnsmasq", "dnsmasq-base"),
            host.netInterface("VNET_PRIVINTERFACE", s.privInterface()),
            host.netInterface("VNET_PUBINTERFACE", s.pubInterface())));
        if (s.mode() == NetworkMode.MANAGED && s.vxlan() && settings.networkHost().localIp().isBlank()) {
          out.add("VNET_SEGMENT=vxlan needs VNET_LOCALIP: this host's address toward the nodes");
        }
        if (!"1".equals(host.procSys("net/ipv4/ip_forward"))) {
          out.add("IP forwarding is off: the instances' traffic cannot pass (sysctl -w net.ipv4.ip_forward=1,"
              + " and set it in /etc/sysctl.conf)");
        }
      }
      default -> { }
    }
    return out;
  }
}
