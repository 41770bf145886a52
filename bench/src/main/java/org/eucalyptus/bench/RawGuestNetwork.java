package org.eucalyptus.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * The network a raw QEMU guest gets in bench/cloud-guest's baseline, the least that gives it what a
 * cloud instance's network gives it: a namespace of its own with a bridge (the guest's tap on it), a
 * DHCP server (dnsmasq, as the CC runs it: authoritative, the bridge its router) and an HTTP server on
 * 169.254.169.254 (busybox httpd on the bridge) that answers {@code /latest/meta-data/instance-id}.
 * The guest's DHCP and GET are the same as in the cloud; what the cloud adds (its long polls, the NC's
 * launch, the CC's network and the metadata service behind its redirect) is what is measured.
 */
final class RawGuestNetwork implements AutoCloseable {
  static final String ROUTER = "10.197.0.1";
  static final String METADATA = "169.254.169.254";
  private static final String TAP = "rawtap0";

  private final String ns;
  private final Path dir;
  private final CommandRunner sh;
  private Process dnsmasq;
  private Process httpd;

  private RawGuestNetwork(String ns, Path dir, CommandRunner sh) {
    this.ns = ns;
    this.dir = dir;
    this.sh = sh;
  }

  /**
   * Makes the namespace, bridge and tap, and starts dnsmasq and the HTTP server in it, for {@code guests}
   * guests: guest {@code i} has the MAC {@link #mac}(i) and is given the address {@link #ip}(i), a static
   * lease as the CC's dnsmasq gives each instance (a dynamic range would have dnsmasq ping each address
   * before it offers it, seconds the cloud's guests never wait).
   */
  static RawGuestNetwork up(Path dir, int guests) throws Exception {
    Files.createDirectories(dir.resolve("www/latest/meta-data"));
    RawGuestNetwork n = new RawGuestNetwork("rawq" + ProcessHandle.current().pid(), dir,
        new CommandRunner(Duration.ofSeconds(30)));
    try {
      n.start(guests);
      return n;
    } catch (Exception | Error e) {
      n.close();
      throw e;
    }
  }

  static String mac(int i) {
    return String.format("d0:0d:ba:5e:%02x:%02x", i >> 8 & 0xff, i & 0xff);
  }

  static String ip(int i) {
    return "10.197." + (1 + i / 200) + "." + (10 + i % 200);
  }

  private void start(int guests) throws Exception {
    sh.run("ip", "netns", "add", ns);
    ip("link", "set", "lo", "up");
    ip("link", "add", "br0", "type", "bridge");
    ip("addr", "add", ROUTER + "/16", "dev", "br0");
    ip("addr", "add", METADATA + "/32", "dev", "br0");
    ip("link", "set", "br0", "up");
    ip("tuntap", "add", "dev", TAP, "mode", "tap");
    ip("link", "set", TAP, "master", "br0", "up");
    StringBuilder hosts = new StringBuilder();
    for (int i = 0; i < guests; i++) {
      hosts.append(mac(i)).append(',').append(ip(i)).append('\n');
    }
    Files.writeString(dir.resolve("hosts"), hosts);
    dnsmasq = new ProcessBuilder(inNamespace("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
        "--bind-interfaces", "--interface=br0", "--except-interface=lo", "--dhcp-authoritative",
        "--dhcp-range=10.197.0.0,static,255.255.0.0,1h", "--dhcp-option=option:router," + ROUTER,
        "--dhcp-hostsfile=" + dir.resolve("hosts"), "--dhcp-leasefile=" + dir.resolve("leases"), "--pid-file=",
        "--user=root")).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
    httpd = new ProcessBuilder(inNamespace("busybox", "httpd", "-f", "-p", METADATA + ":80", "-h",
        dir.resolve("www").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("httpd.log").toFile())
        .start();
    // Both answer once they listen: wait for that, not for a guess of time.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!listening()) {
      if (!dnsmasq.isAlive() || !httpd.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the raw guest's dnsmasq or httpd did not start; see " + dir);
      }
      Thread.sleep(50);
    }
  }

  private boolean listening() throws Exception {
    String udp = sh.run(inNamespace("ss", "-Huln"), null).stdout();
    String tcp = sh.run(inNamespace("ss", "-Htln"), null).stdout();
    return udp.contains(":67 ") && tcp.contains(METADATA + ":80 ");
  }

  private void ip(String... args) throws Exception {
    sh.run(inNamespace(concat(List.of("ip"), List.of(args))), null);
  }

  /** {@code argv} run in the namespace. */
  List<String> inNamespace(String... argv) {
    return inNamespace(List.of(argv));
  }

  List<String> inNamespace(List<String> argv) {
    return concat(List.of("ip", "netns", "exec", ns), argv);
  }

  /** QEMU's arguments for a virtio NIC on the bridge, as libvirt gives an instance its interface. */
  static List<String> nic(String mac) {
    return List.of("-netdev", "tap,id=n0,ifname=" + TAP + ",script=no,downscript=no", "-device",
        "virtio-net-pci,netdev=n0,mac=" + mac);
  }

  /** What the next guest's GET of its instance id is answered. */
  void serveInstanceId(String id) throws Exception {
    Files.writeString(dir.resolve("www/latest/meta-data/instance-id"), id, StandardCharsets.UTF_8);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Override
  public void close() throws CommandRunner.CommandException {
    for (Process p : new Process[] {dnsmasq, httpd}) {
      if (p != null) {
        p.destroy();
        p.onExit().join();
      }
    }
    sh.runAllowingFailure(List.of("ip", "netns", "del", ns), null);
  }
}
