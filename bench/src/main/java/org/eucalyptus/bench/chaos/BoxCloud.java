package org.eucalyptus.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cloud-in-a-box laid out as {@code tools/cloud-in-a-box} lays out one with real guest networking
 * (the CC and the NC in network namespaces of their own, {@code tools/lib/box-network.sh}), but with
 * each component started, and restarted after a {@code kill -9}, by its init script
 * ({@code tools/init.d/eucalyptus-cloud|cc|nc start}), as a host's init system would.
 */
final class BoxCloud implements AutoCloseable {
  /** One of the cloud's processes: its init script's name and the namespace it runs in (null: this machine's). */
  enum Component {
    CLOUD("eucalyptus-cloud", null), CC("eucalyptus-cc", "fe"), NC("eucalyptus-nc", "nd");

    final String script;
    final String nsSuffix;

    Component(String script, String nsSuffix) {
      this.script = script;
      this.nsSuffix = nsSuffix;
    }
  }

  static final String FE_IP = "10.199.254.2";
  static final String NODE_IP = "10.199.253.11";
  static final String PUBLIC_IPS = "10.199.252.10-10.199.252.19";

  final Path src;
  final Path data;
  final int clcPort;
  final int ccPort;
  final int ncPort;
  final int walrusPort;
  final String box;
  private final Shell shell;
  private Map<String, String> ncSettings = Map.of();
  private boolean networkUp;

  BoxCloud(Path src, Path data, int clcPort, int ccPort, int ncPort, int walrusPort, Shell shell) {
    this.src = src;
    this.data = data;
    this.clcPort = clcPort;
    this.ccPort = ccPort;
    this.ncPort = ncPort;
    this.walrusPort = walrusPort;
    this.box = "eb" + clcPort;
    this.shell = shell;
  }

  String namespace(Component c) {
    return c.nsSuffix == null ? null : box + c.nsSuffix;
  }

  Path clcData() {
    return data.resolve("var/lib/eucalyptus");
  }

  Path instancePath() {
    return data.resolve("instances");
  }

  Path ccStateDir() {
    return data.resolve("var/lib/eucalyptus/CC");
  }

  Path eucarc() {
    return clcData().resolve("eucarc");
  }

  Path logDir() {
    return data.resolve("log");
  }

  /** The namespaces and links of tools/lib/box-network.sh, plus a route to the node's LAN address (the NC's SOAP). */
  void networkUp() throws IOException {
    networkUp = true;
    shell.run(". tools/lib/box-network.sh && box_network_up " + box
        + " && ip route add 10.199.253.0/24 via $BOX_NODE_UP_IP dev " + box + "n", Duration.ofSeconds(30));
  }

  /** The eucalyptus.conf cloud-in-a-box writes for real guest networking; {@code ncSettings} are the NC's own. */
  void writeConf(Map<String, String> extra, Map<String, String> ncSettings) throws IOException {
    this.ncSettings = ncSettings;
    for (String d : List.of("etc", "log", "run", "instances", "images", "var/lib/eucalyptus")) {
      Files.createDirectories(data.resolve(d));
    }
    Map<String, String> c = new LinkedHashMap<>();
    c.put("EUCALYPTUS", data.toString());
    c.put("CLC_PORT", "" + clcPort);
    c.put("CLC_BIND_ADDR", "0.0.0.0");
    c.put("CLC_PUBLIC_HOST", "127.0.0.1");
    c.put("CLC_DATA_DIR", clcData().toString());
    c.put("CLC_CLUSTERS", "cluster01=" + FE_IP + ":" + ccPort);
    c.put("WALRUS_ROOT_PORT", "" + walrusPort);
    c.put("WALRUS_URL", "http://10.199.254.1:" + clcPort + "/services/Walrus");
    c.put("CC_PORT", "" + ccPort);
    c.put("CC_BIND_ADDR", FE_IP);
    c.put("NODES", NODE_IP + ":" + ncPort);
    c.put("SCHEDPOLICY", "ROUNDROBIN");
    c.put("NC_PORT", "" + ncPort);
    c.put("NC_BIND_ADDR", NODE_IP);
    c.put("INSTANCE_PATH", instancePath().toString());
    c.put("NC_KEYS_DIR", clcData().resolve("keys/node").toString());
    c.put("CC_KEYS_DIR", clcData().resolve("keys/cluster").toString());
    c.put("VNET_MODE", "MANAGED");
    c.put("VNET_SEGMENT", "vxlan");
    c.put("VNET_SUBNET", "10.198.0.0");
    c.put("VNET_NETMASK", "255.255.0.0");
    c.put("VNET_ADDRSPERNET", "32");
    c.put("VNET_PRIVINTERFACE", "lan0");
    c.put("VNET_PUBINTERFACE", "up0");
    c.put("VNET_LOCALIP", "10.199.253.1");
    c.put("VNET_DNS", "10.199.253.1");
    c.put("VNET_CLOUDIP", "10.199.254.1");
    c.putAll(extra);
    Files.writeString(data.resolve("etc/eucalyptus.conf"), render(c));
    Map<String, String> nc = new LinkedHashMap<>(c);
    nc.put("VNET_PUBINTERFACE", "eth0");
    nc.put("VNET_LOCALIP", NODE_IP);
    nc.putAll(ncSettings);
    Files.writeString(data.resolve("etc/nc.conf"), render(nc));
  }

  private static String render(Map<String, String> c) {
    StringBuilder sb = new StringBuilder("# Written by bench/chaos\n");
    c.forEach((k, v) -> sb.append(k).append("=\"").append(v).append("\"\n"));
    return sb.toString();
  }

  private String initScript(Component c, String verb) {
    String conf = data.resolve(c == Component.NC ? "etc/nc.conf" : "etc/eucalyptus.conf").toString();
    String env = "EUCALYPTUS=" + data + " EUCA_CONF=" + conf + " EUCA_RUN_DIR=" + data.resolve("run")
        + " EUCA_LOG_DIR=" + logDir() + " EUCA_START_TIMEOUT=180";
    String ns = namespace(c) == null ? "" : "ip netns exec " + namespace(c) + " ";
    return ns + "env " + env + " tools/init.d/" + c.script + " " + verb;
  }

  /** Starts a component by its init script, which returns once the component's port is open. */
  void start(Component c) throws IOException {
    shell.run(initScript(c, "start"), Duration.ofSeconds(200));
  }

  void stop(Component c) {
    try {
      shell.run(initScript(c, "stop"), Duration.ofSeconds(60));
    } catch (IOException e) {
      System.err.println("chaos: stopping " + c.script + ": " + e.getMessage());
    }
  }

  /** The component's pid from its init script's pid file, or -1. */
  long pid(Component c) throws IOException {
    Path f = data.resolve("run/" + c.script + ".pid");
    return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : -1;
  }

  /** kill -9, and waits until the process is gone. */
  void kill9(Component c) throws IOException, InterruptedException {
    long pid = pid(c);
    if (pid <= 0) {
      throw new IllegalStateException(c.script + " has no pid file");
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (alive(pid) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  Map<String, String> ncSettings() {
    return ncSettings;
  }

  @Override
  public void close() {
    stop(Component.CLOUD);
    stop(Component.CC);
    stop(Component.NC);
    if (networkUp) {
      try {
        // Also ends what is left in the namespaces (dnsmasq, a libvirtd and its guests).
        shell.run(". tools/lib/box-network.sh && box_network_down " + box, Duration.ofSeconds(60));
      } catch (IOException e) {
        System.err.println("chaos: removing the box network: " + e.getMessage());
      }
    }
  }
}
