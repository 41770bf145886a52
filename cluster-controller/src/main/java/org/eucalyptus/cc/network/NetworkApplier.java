package org.eucalyptus.cc.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * Makes the host match a {@link NetworkModel}: the thin layer under the pure renderers. Each apply
 * makes sure every active network's gateway is up where the mode's {@link GroupGateways} put it
 * (MANAGED: on the network's own segment and bridge; MANAGED-NOVLAN: on VNET_PRIVINTERFACE), loads the whole firewall in
 * one {@code iptables-restore --noflush} into the cloud's own chains (see {@link IptablesRules}; the
 * host's other rules stay), and writes the DHCP files, starting dnsmasq or telling it to reread
 * its hosts (SIGHUP). Applying the same model twice changes nothing.
 */
public final class NetworkApplier implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(NetworkApplier.class);

  private final NetworkSettings settings;
  private final AddressPlan plan;
  private final CommandRunner commands;
  private final List<String> prefix;
  private final Path stateDir;
  private final GroupGateways gateways;
  /** What {@code appliedRules} holds once our chains are off the host. */
  private static final String NO_RULES = "";
  private String appliedConfig;
  private String appliedRules;
  private String appliedHosts;
  private Process dnsmasq;

  /**
   * @param stateDir where the DHCP files and the last applied rules live (CC_STATE_DIR)
   * @param localIp this host's address toward the nodes (VXLAN's source)
   * @param nodeHosts the nodes' addresses (VXLAN's far ends)
   * @param prefix put before every command (e.g. {@code ip netns exec NS} in tests), or empty
   */
  public NetworkApplier(NetworkSettings settings, CommandRunner commands, List<String> prefix, Path stateDir,
      String localIp, List<String> nodeHosts) throws IOException {
    this(settings, commands, prefix, stateDir, localIp, () -> nodeHosts);
  }

  /** @param nodeHosts the nodes' addresses now (nodes are registered at run time too) */
  public NetworkApplier(NetworkSettings settings, CommandRunner commands, List<String> prefix, Path stateDir,
      String localIp, java.util.function.Supplier<List<String>> nodeHosts) throws IOException {
    this.settings = settings;
    this.plan = new AddressPlan(settings);
    this.commands = commands;
    this.prefix = List.copyOf(prefix);
    this.stateDir = stateDir;
    this.gateways = GroupGateways.of(settings, plan, argv -> run(argv, null),
        new org.eucalyptus.common.net.Segments(commands, prefix), localIp, nodeHosts);
    Files.createDirectories(stateDir);
  }

  public AddressPlan plan() {
    return plan;
  }

  /** Where the mode puts the group networks' gateways. */
  GroupGateways gateways() {
    return gateways;
  }

  public synchronized void apply(NetworkModel model) throws CommandRunner.CommandException, IOException {
    Set<Integer> vlans = new HashSet<>();
    for (NetworkModel.GroupNetwork n : model.networks()) {
      gateways.ensure(plan.network(n.vlan()));
      vlans.add(n.vlan());
    }
    gateways.releaseAllBut(vlans);
    publicAddresses(model);
    String rules = IptablesRules.render(settings, plan, model);
    if (model.networks().isEmpty() && model.publicAddresses().isEmpty()) {
      if (!NO_RULES.equals(appliedRules)) {
        removeFirewall(); // nothing of the cloud's left here: the host's firewall as we found it
        appliedRules = NO_RULES;
      }
    } else if (!rules.equals(appliedRules)) {
      IptablesRules.HostChains host = IptablesRules.HostChains.parse(run(List.of("iptables-save"), null));
      String doc = IptablesRules.render(settings, plan, model, host);
      // --noflush: only the chains the document names change; the host's other rules and policies stay.
      run(List.of("iptables-restore", "--noflush"), doc);
      write(stateDir.resolve("iptables.rules"), doc);
      appliedRules = rules;
    }
    Path hosts = stateDir.resolve("dhcp-hosts");
    String hostsText = DhcpHosts.hostsFile(model);
    boolean hostsChanged = !hostsText.equals(appliedHosts);
    write(hosts, hostsText);
    appliedHosts = hostsText;
    String config = DhcpHosts.config(settings, plan, model, hosts.toString(), stateDir.resolve("dhcp-leases").toString());
    if (model.networks().isEmpty()) {
      stopDhcp();
    } else if (dnsmasq == null || !dnsmasq.isAlive() || !config.equals(appliedConfig) || (hostsChanged && staleLeases(model))) {
      // (dnsmasq reads its lease file only at start: a lease binding an address to a MAC the model no
      // longer gives it goes by a restart.)
      stopDhcp();
      write(stateDir.resolve("dnsmasq.conf"), config);
      startDhcp(model);
    } else if (hostsChanged) {
      // Same networks: only the hosts changed, which dnsmasq rereads on SIGHUP.
      commands.run("kill", "-HUP", String.valueOf(dnsmasq.pid()));
    }
    appliedConfig = config;
  }

  /**
   * The public addresses on VNET_PUBINTERFACE: those of the model added, those this applier added
   * before (recorded in the state directory, so a restarted CC knows them) and no longer in it removed.
   */
  private void publicAddresses(NetworkModel model) throws CommandRunner.CommandException, IOException {
    Path file = stateDir.resolve("public-ips");
    Set<String> before = new HashSet<>(Files.exists(file) ? Files.readAllLines(file) : List.of());
    before.remove("");
    Set<String> wanted = new java.util.TreeSet<>();
    model.publicAddresses().forEach(a -> wanted.add(a.publicIp()));
    String have = run(List.of("ip", "-o", "-4", "addr", "show", "dev", settings.pubInterface()), null);
    for (String ip : wanted) {
      if (!have.contains(" " + ip + "/32 ")) {
        run(List.of("ip", "addr", "add", ip + "/32", "dev", settings.pubInterface()), null);
      }
    }
    for (String ip : before) {
      if (!wanted.contains(ip) && have.contains(" " + ip + "/32 ")) {
        run(List.of("ip", "addr", "del", ip + "/32", "dev", settings.pubInterface()), null);
      }
    }
    write(file, String.join("\n", wanted) + "\n");
  }

  /** Whether dnsmasq holds a lease on an address the model gives to another MAC. */
  private boolean staleLeases(NetworkModel model) throws IOException {
    Path leases = stateDir.resolve("dhcp-leases");
    if (!Files.exists(leases)) {
      return false;
    }
    String text = Files.readString(leases);
    return !DhcpHosts.leasesFor(model, text).equals(text.lines().map(l -> l + "\n").reduce("", String::concat));
  }

  /** Starts dnsmasq on a lease file without the leases that would keep an instance from its address. */
  private void startDhcp(NetworkModel model) throws IOException {
    Path leases = stateDir.resolve("dhcp-leases");
    if (Files.exists(leases)) {
      String text = Files.readString(leases);
      String kept = DhcpHosts.leasesFor(model, text);
      if (!kept.equals(text)) {
        LOG.info("dropping DHCP leases of addresses now given to other instances");
        write(leases, kept);
      }
    }
    if (dnsmasq == null) {
      stopLeftOverDhcp();
    }
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of(dnsmasqBinary(), "--keep-in-foreground", "--conf-file=" + stateDir.resolve("dnsmasq.conf"),
        "--pid-file=" + stateDir.resolve("dnsmasq.pid"), "--log-facility=" + stateDir.resolve("dnsmasq.log"),
        "--log-dhcp", "--user=root"));
    LOG.info("exec {}", String.join(" ", argv));
    dnsmasq = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(stateDir.resolve("dnsmasq.out").toFile())
        .start();
  }

  /**
   * Stops the dnsmasq an earlier run of this CC left (killed, it could not stop it): left running, it
   * would serve its old hosts beside the new one, once more after every crash.
   */
  private void stopLeftOverDhcp() {
    Path pidFile = stateDir.resolve("dnsmasq.pid");
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).strip());
    } catch (IOException | NumberFormatException e) {
      return; // none written, or unreadable: nothing known to stop
    }
    String conf = "--conf-file=" + stateDir.resolve("dnsmasq.conf");
    ProcessHandle.of(pid)
        // A pid is reused: only a dnsmasq on this CC's own configuration is ours to stop.
        .filter(p -> p.info().commandLine().map(c -> c.contains("dnsmasq") && c.contains(conf)).orElse(false))
        .ifPresent(p -> {
          LOG.info("stopping dnsmasq {} left by an earlier run of the cluster controller", pid);
          p.destroy();
          try {
            p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("waiting for dnsmasq {}: {}", pid, e.toString());
          }
        });
  }

  private static String dnsmasqBinary() {
    return Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq";
  }

  private void stopDhcp() {
    if (dnsmasq != null) {
      dnsmasq.destroy();
      try {
        dnsmasq.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      dnsmasq = null;
    }
  }

  private String run(List<String> argv, String stdin) throws CommandRunner.CommandException {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(argv);
    return commands.run(all, stdin).stdout();
  }

  private static void write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Takes the cloud's firewall and DHCP off the host: dnsmasq stops, and the jumps into our chains
   * and the chains themselves go. The host's own rules and policies stay as they were.
   */
  public synchronized void stop() throws CommandRunner.CommandException {
    stopDhcp();
    removeFirewall();
    appliedRules = NO_RULES;
    appliedConfig = null;
  }

  private void removeFirewall() throws CommandRunner.CommandException {
    String doc = IptablesRules.removal(IptablesRules.HostChains.parse(run(List.of("iptables-save"), null)));
    if (!doc.isEmpty()) {
      LOG.info("removing the cloud's chains from the firewall");
      run(List.of("iptables-restore", "--noflush"), doc);
    }
  }

  /** Stops dnsmasq; the firewall and addresses stay, so instances keep working while the CC restarts. */
  @Override
  public synchronized void close() {
    stopDhcp();
  }
}
