package org.eucalyptus.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eucalyptus.wsdl.cc.ActiveNetworkType;
import org.eucalyptus.wsdl.cc.DescribeNetworksResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * What is left of instances once every instance is terminated and the cloud is idle, counted where
 * each component keeps it: the CLC's instances and addresses, the CC's model (DescribeNetworks,
 * DescribePublicAddresses) and what it applied on the front end (NAT rules, addresses, DHCP hosts,
 * dnsmasq, bridges), the NC's instance directories and bridges, and libvirt's domains and QEMU processes.
 */
final class Census {
  record Item(String what, int count, String detail) {}

  private final BoxCloud cloud;
  private final Views views;
  private final Ec2Client ec2;
  private final Shell shell;

  Census(BoxCloud cloud, Views views, Ec2Client ec2, Shell shell) {
    this.cloud = cloud;
    this.views = views;
    this.ec2 = ec2;
    this.shell = shell;
  }

  List<Item> take(PrivateLibvirtd libvirt) {
    List<Item> out = new ArrayList<>();
    String fe = cloud.namespace(BoxCloud.Component.CC);
    String nd = cloud.namespace(BoxCloud.Component.NC);
    Map<String, String> clc = views.clc().orElse(Map.of());
    out.add(new Item("instances live at the CLC", clc.size(), String.join(" ", clc.keySet())));
    List<String> pending = clc.entrySet().stream().filter(e -> e.getValue().equals("pending")).map(Map.Entry::getKey).toList();
    out.add(new Item("  of which pending", pending.size(), String.join(" ", pending)));
    Map<String, String> cc = views.cc().orElse(Map.of());
    out.add(new Item("instances live at the CC", cc.size(), String.join(" ", cc.keySet())));
    Map<String, String> nc = views.nc().orElse(Map.of());
    out.add(new Item("instances live at the NC", nc.size(), String.join(" ", nc.keySet())));

    List<String> lent = new ArrayList<>();
    try {
      ec2.describeAddresses().addresses().forEach(a -> {
        if (a.instanceId() != null && !a.instanceId().isBlank()) {
          lent.add(a.publicIp() + "->" + a.instanceId());
        }
      });
    } catch (RuntimeException e) {
      lent.add("(DescribeAddresses failed: " + e.getMessage() + ")");
    }
    out.add(new Item("public addresses held by instances at the CLC", lent.size(), String.join(" ", lent)));
    List<String> mapped = new ArrayList<>();
    try {
      views.publicAddresses().getAddresses().forEach(a -> {
        if (a.getDestAddress() != null && !a.getDestAddress().isBlank() && !a.getDestAddress().equals("0.0.0.0")) {
          mapped.add(a.getSourceAddress() + "->" + a.getDestAddress());
        }
      });
    } catch (Exception e) {
      mapped.add("(DescribePublicAddresses failed: " + e.getMessage() + ")");
    }
    out.add(new Item("public addresses mapped at the CC", mapped.size(), String.join(" ", mapped)));
    List<String> onIf = lines(shell.read("ip -n " + fe + " -4 -o addr show dev up0 | grep -o '10\\.199\\.252\\.[0-9]*'"));
    out.add(new Item("public addresses on the front end's interface", onIf.size(), String.join(" ", onIf)));
    List<String> nat = lines(shell.read("ip netns exec " + fe + " iptables-save -t nat | grep -E 'DNAT|SNAT' | grep '10\\.198\\.'"));
    out.add(new Item("instance NAT rules on the front end", nat.size(), String.join(" | ", nat)));

    int addrs = 0;
    int nets = 0;
    StringBuilder netDetail = new StringBuilder();
    try {
      DescribeNetworksResponse n = views.networks();
      for (ActiveNetworkType a : n.getActiveNetworks()) {
        nets++;
        addrs += a.getActiveAddrs().size();
        netDetail.append(a.getNetName()).append("/vlan").append(a.getVlan()).append(a.getActiveAddrs()).append(' ');
      }
    } catch (Exception e) {
      netDetail.append("(DescribeNetworks failed: ").append(e.getMessage()).append(')');
    }
    out.add(new Item("private addresses held at the CC", addrs, netDetail.toString().strip()));
    List<String> dhcp = lines(readOrEmpty(cloud.ccStateDir().resolve("dhcp-hosts"))).stream()
        .filter(l -> !l.startsWith("#")).toList();
    out.add(new Item("MACs in the CC's DHCP hosts", dhcp.size(), String.join(" ", dhcp)));
    out.add(new Item("networks active at the CC", nets, netDetail.toString().strip()));
    List<String> feLinks = lines(shell.read("ip -n " + fe + " -o link | awk -F': ' '{print $2}' | grep -E '^(eucabr|vx)' | cut -d@ -f1"));
    out.add(new Item("segments and bridges on the front end", feLinks.size(), String.join(" ", feLinks)));
    List<String> ndLinks = lines(shell.read("ip -n " + nd + " -o link | awk -F': ' '{print $2}' | grep -E '^(eucabr|vx|vnet)' | cut -d@ -f1"));
    out.add(new Item("segments, bridges and taps on the node", ndLinks.size(), String.join(" ", ndLinks)));
    List<String> dnsmasq = lines(shell.read("for p in $(ip netns pids " + fe + "); do [ \"$(cat /proc/$p/comm 2>/dev/null)\" = dnsmasq ] && echo $p; done"));
    out.add(new Item("dnsmasq processes beyond one on the front end", Math.max(0, dnsmasq.size() - 1), String.join(" ", dnsmasq)));

    List<String> dirs = new ArrayList<>();
    Path work = cloud.instancePath().resolve("work");
    if (Files.isDirectory(work)) {
      try (Stream<Path> accounts = Files.list(work)) {
        for (Path a : accounts.filter(Files::isDirectory).toList()) {
          try (Stream<Path> inst = Files.list(a)) {
            inst.filter(Files::isDirectory).forEach(d -> dirs.add(d.getFileName().toString()));
          }
        }
      } catch (IOException e) {
        dirs.add("(" + e.getMessage() + ")");
      }
    }
    out.add(new Item("instance directories (disks) on the NC", dirs.size(), String.join(" ", dirs)));
    if (libvirt != null) {
      List<String> doms = libvirt.domains();
      out.add(new Item("libvirt domains", doms.size(), String.join(" ", doms)));
      List<Long> q = PrivateLibvirtd.qemuPids(cloud.instancePath().toString());
      out.add(new Item("QEMU processes", q.size(), q.toString()));
    }
    return out;
  }

  /**
   * Waits until the census is clean (networks stop {@code networkIdleSec} after their last
   * instance), then takes it.
   */
  List<Item> takeWhenIdle(PrivateLibvirtd libvirt, int networkIdleSec) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(networkIdleSec + 50).toNanos();
    List<Item> items = take(libvirt);
    while (!clean(items) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      items = take(libvirt);
    }
    return items;
  }

  /** Whether everything counted is zero (what a clean, idle cloud shows). */
  static boolean clean(List<Item> items) {
    return items.stream().allMatch(i -> i.count() == 0);
  }

  private static List<String> lines(String s) {
    return s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String readOrEmpty(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
