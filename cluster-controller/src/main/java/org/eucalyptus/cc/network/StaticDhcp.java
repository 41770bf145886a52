package org.eucalyptus.cc.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** STATIC mode's DHCP server: dnsmasq with VNET_MACMAP's fixed hosts, for as long as the CC runs. */
public final class StaticDhcp implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StaticDhcp.class);
  private final Process dnsmasq;

  /** @param prefix put before the command (e.g. {@code ip netns exec NS}), or empty */
  public StaticDhcp(NetworkSettings s, Path stateDir, List<String> prefix) throws IOException {
    Files.createDirectories(stateDir);
    Path conf = stateDir.resolve("dnsmasq-static.conf");
    Files.writeString(conf, DhcpHosts.staticConfig(s, stateDir.resolve("dhcp-leases").toString()));
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of(Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq",
        "--keep-in-foreground", "--conf-file=" + conf, "--log-facility=" + stateDir.resolve("dnsmasq.log"),
        "--log-dhcp", "--user=root"));
    LOG.info("exec {}", String.join(" ", argv));
    dnsmasq = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(stateDir.resolve("dnsmasq.out").toFile())
        .start();
  }

  @Override
  public void close() {
    dnsmasq.destroy();
    try {
      dnsmasq.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
