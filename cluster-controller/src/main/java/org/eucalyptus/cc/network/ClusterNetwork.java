package org.eucalyptus.cc.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eucalyptus.common.exec.CommandRunner;

/**
 * The cluster's network as the cloud controller describes it, kept whole: the group networks it
 * started, each account's complete set of rules, and the public addresses it assigned. Every change
 * recomputes the {@link NetworkModel} (with the instances the cluster runs) and applies it; the
 * state is written to CC_STATE_DIR first, so a restarted cluster controller rebuilds the same
 * network without cutting running instances off (and {@code cleanstart} starts from nothing).
 */
public final class ClusterNetwork {
  private static final org.apache.logging.log4j.Logger LOG =
      org.apache.logging.log4j.LogManager.getLogger(ClusterNetwork.class);
  private final NetworkApplier applier;
  private final Supplier<List<NetworkModel.InstanceNic>> instances;
  private final Path stateFile;
  private final TreeMap<Integer, NetworkModel.GroupNetwork> networks = new TreeMap<>();
  private final TreeMap<String, List<NetworkModel.Rule>> rulesByAccount = new TreeMap<>();
  private final TreeMap<String, String> publicToPrivate = new TreeMap<>();
  private java.util.function.Consumer<List<org.eucalyptus.common.net.GroupFilter>> filterListener = f -> { };
  private final java.util.Map<Integer, java.time.Instant> idleSince = new java.util.HashMap<>();
  private java.time.Duration idleTimeout;

  public ClusterNetwork(NetworkApplier applier, Supplier<List<NetworkModel.InstanceNic>> instances, Path stateDir)
      throws IOException {
    this.applier = applier;
    this.instances = instances;
    this.stateFile = stateDir.resolve("network.state");
    Files.createDirectories(stateDir);
    load();
  }

  /** Applies the saved state (after a restart); a no-op change for a fresh cluster. */
  public synchronized void restore() throws CommandRunner.CommandException, IOException {
    apply();
  }

  /** Told the group filters after every apply (the nodes' bridges need them too). */
  public synchronized void onFilters(java.util.function.Consumer<List<org.eucalyptus.common.net.GroupFilter>> listener) {
    this.filterListener = listener;
    filterListener.accept(GroupFilters.of(applier.plan(), model()));
  }

  private void apply() throws CommandRunner.CommandException, IOException {
    NetworkModel m = model();
    applier.apply(m);
    filterListener.accept(GroupFilters.of(applier.plan(), m));
  }

  public synchronized void startNetwork(int vlan, String account, String group)
      throws CommandRunner.CommandException, IOException {
    applier.plan().network(vlan); // refuses a tag outside the plan
    NetworkModel.GroupNetwork existing = networks.get(vlan);
    if (existing != null && !(existing.account().equals(account) && existing.group().equals(group))) {
      throw new IllegalArgumentException("network " + vlan + " already belongs to " + existing.account() + "/"
          + existing.group());
    }
    networks.put(vlan, new NetworkModel.GroupNetwork(vlan, account, group));
    idleSince.remove(vlan); // a launch is coming
    changed();
  }

  public synchronized void stopNetwork(int vlan) throws CommandRunner.CommandException, IOException {
    if (networks.remove(vlan) != null) {
      changed();
    }
  }

  /** Replaces all of {@code account}'s rules (each rule's destination is one of its groups). */
  public synchronized void configure(String account, List<NetworkModel.Rule> rules)
      throws CommandRunner.CommandException, IOException {
    for (NetworkModel.Rule r : rules) {
      if (!r.account().equals(account)) {
        throw new IllegalArgumentException("a rule for " + r.account() + " in the rules of " + account);
      }
    }
    rulesByAccount.put(account, List.copyOf(rules));
    changed();
  }

  public synchronized void assignAddress(String publicIp, String privateIp)
      throws CommandRunner.CommandException, IOException {
    // Kept as written canonically: what goes onto the NAT rules is an address, nothing more.
    publicToPrivate.put(Ipv4.format(Ipv4.parse(publicIp)), Ipv4.format(Ipv4.parse(privateIp)));
    changed();
  }

  public synchronized void unassignAddress(String publicIp) throws CommandRunner.CommandException, IOException {
    if (publicToPrivate.remove(Ipv4.format(Ipv4.parse(publicIp))) != null) {
      changed();
    }
  }

  /** Applies again with the instances the cluster has now (new, ended); what did not change is left alone. */
  public synchronized void refresh() throws CommandRunner.CommandException, IOException {
    if (releaseIdle(java.time.Instant.now())) {
      save();
    }
    apply();
  }

  /**
   * Networks none of whose instances is left, for {@link #idleTimeout} (a launch follows its
   * StartNetwork within moments; this is the margin), are stopped: their segments, gateways, DHCP
   * ranges and firewall chains go. The next launch in the group starts the network again.
   */
  private boolean releaseIdle(java.time.Instant now) {
    if (idleTimeout == null) {
      return false;
    }
    java.util.Set<Integer> used = new java.util.HashSet<>();
    instances.get().forEach(i -> used.add(i.vlan()));
    boolean removed = false;
    for (Integer vlan : new ArrayList<>(networks.keySet())) {
      if (used.contains(vlan)) {
        idleSince.remove(vlan);
        continue;
      }
      java.time.Instant since = idleSince.computeIfAbsent(vlan, v -> now);
      if (!since.plus(idleTimeout).isAfter(now)) {
        NetworkModel.GroupNetwork n = networks.remove(vlan);
        idleSince.remove(vlan);
        LOG.info("network {} ({}/{}) has had no instances for {} s: stopped", vlan, n.account(), n.group(),
            idleTimeout.toSeconds());
        removed = true;
      }
    }
    return removed;
  }

  /** Stops networks left without instances this long (null: never). */
  public synchronized void releaseIdleAfter(java.time.Duration timeout) {
    this.idleTimeout = timeout;
  }

  public synchronized Map<String, String> publicAddresses() {
    return new LinkedHashMap<>(publicToPrivate);
  }

  public synchronized List<NetworkModel.GroupNetwork> networks() {
    return List.copyOf(networks.values());
  }

  public synchronized NetworkModel model() {
    List<NetworkModel.Rule> rules = new ArrayList<>();
    rulesByAccount.values().forEach(rules::addAll);
    List<NetworkModel.PublicAddress> pubs = new ArrayList<>();
    publicToPrivate.forEach((p, q) -> pubs.add(new NetworkModel.PublicAddress(p, q)));
    List<NetworkModel.InstanceNic> nics = instances.get().stream().filter(i -> networks.containsKey(i.vlan())).toList();
    return new NetworkModel(List.copyOf(networks.values()), nics, rules, pubs);
  }

  private void changed() throws CommandRunner.CommandException, IOException {
    save();
    apply();
  }

  // The state file: one line per fact, tab-separated; written whole and renamed into place.
  private void save() throws IOException {
    StringBuilder b = new StringBuilder();
    networks.values().forEach(n -> b.append("network\t").append(n.vlan()).append('\t').append(n.account()).append('\t')
        .append(n.group()).append('\n'));
    rulesByAccount.forEach((account, rules) -> {
      b.append("account\t").append(account).append('\n');
      for (NetworkModel.Rule r : rules) {
        b.append("rule\t").append(String.join("\t", r.account(), r.group(), r.protocol(), String.valueOf(r.fromPort()),
            String.valueOf(r.toPort()), nz(r.sourceCidr()), nz(r.sourceAccount()), nz(r.sourceGroup()))).append('\n');
      }
    });
    publicToPrivate.forEach((p, q) -> b.append("address\t").append(p).append('\t').append(q).append('\n'));
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Files.writeString(tmp, b.toString());
    Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }

  private static String zn(String s) {
    return s.equals("-") ? null : s;
  }

  private void load() throws IOException {
    if (!Files.exists(stateFile)) {
      return;
    }
    for (String line : Files.readAllLines(stateFile)) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "network" -> networks.put(Integer.parseInt(f[1]),
            new NetworkModel.GroupNetwork(Integer.parseInt(f[1]), f[2], f[3]));
        case "account" -> rulesByAccount.put(f[1], new ArrayList<>());
        case "rule" -> rulesByAccount.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new NetworkModel.Rule(f[1], f[2],
            f[3], Integer.parseInt(f[4]), Integer.parseInt(f[5]), zn(f[6]), zn(f[7]), zn(f[8])));
        case "address" -> publicToPrivate.put(f[1], f[2]);
        default -> { } // a line of a newer format: ignored
      }
    }
  }
}
