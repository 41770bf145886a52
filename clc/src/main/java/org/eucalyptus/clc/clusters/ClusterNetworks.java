package org.eucalyptus.clc.clusters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.groups.Permission;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.wsdl.cc.ConfigureNetwork;
import org.eucalyptus.wsdl.cc.DescribeNetworks;
import org.eucalyptus.wsdl.cc.DescribeNetworksResponse;
import org.eucalyptus.wsdl.cc.NetworkRuleType;
import org.eucalyptus.wsdl.cc.StartNetwork;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * The cloud controller's side of MANAGED networking: which clusters manage their network (asked
 * with DescribeNetworks, remembered a short while), each security group's network tag, and telling
 * a cluster what it needs: StartNetwork for a group before its instances launch, and an account's
 * complete rules (ConfigureNetwork) before launches and whenever the rules change.
 */
public final class ClusterNetworks implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ClusterNetworks.class);
  private static final Duration REMEMBER = Duration.ofSeconds(30);

  private final ClusterRegistry clusters;
  private final ClusterClients clients;
  private final SecurityGroupStore groups;
  private final Clock clock;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  /** Rule changes go out in order, off the request's thread (a slow cluster does not slow the API). */
  private final java.util.concurrent.ExecutorService pushes = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "clc-network-rules");
    t.setDaemon(true);
    return t;
  });

  /** A cluster's network mode, and its tag range when it manages networks. */
  public record Mode(boolean managed, int vlanMin, int vlanMax) {}

  private record Known(Mode mode, Instant at) {}

  private final java.util.function.Function<String, Map<String, String>> wantedAddresses;
  private final java.util.concurrent.ScheduledExecutorService timer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clc-network-addresses");
        t.setDaemon(true);
        return t;
      });

  /**
   * @param wantedAddresses for a cluster, the public address of each of its live instances that has
   *     one, mapped to the instance's private address
   */
  public ClusterNetworks(ClusterRegistry clusters, ClusterClients clients, SecurityGroupStore groups, Clock clock,
      java.util.function.Function<String, Map<String, String>> wantedAddresses) {
    this.clusters = clusters;
    this.clients = clients;
    this.groups = groups;
    this.clock = clock;
    this.wantedAddresses = wantedAddresses;
  }

  /** Keeps the clusters' public addresses as the CLC has them, every {@code period} and after each change. */
  public void start(Duration period) {
    start(period, () -> true);
  }

  /**
   * As {@link #start(Duration)}, the periodic round only while {@code leading} (with two front ends,
   * the leader's: each front end still pushes its own changes at once, and the leader's round
   * brings the clusters in line with what both did).
   */
  public void start(Duration period, java.util.function.BooleanSupplier leading) {
    timer.scheduleWithFixedDelay(() -> {
      if (leading.getAsBoolean()) {
        syncAllAddresses();
      }
    }, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Public addresses changed (lent, associated, released): bring the clusters in line soon. */
  public void addressesChanged() {
    pushes.execute(this::syncAllAddresses);
  }

  private void syncAllAddresses() {
    for (Cluster cluster : clusters.list()) {
      try {
        if (mode(cluster).managed()) {
          syncAddresses(cluster, wantedAddresses.apply(cluster.name()));
        }
      } catch (EucalyptusFault_Exception | RuntimeException e) {
        LOG.warn("public addresses of cluster {} not brought in line: {}", cluster.name(), e.getMessage());
      }
    }
  }

  /** Unassigns what the cluster has and should not, and assigns what it lacks: the same however often run. */
  void syncAddresses(Cluster cluster, Map<String, String> wanted) throws EucalyptusFault_Exception {
    var cc = clients.forCluster(cluster);
    Map<String, String> have = new java.util.HashMap<>();
    cc.describePublicAddresses(new org.eucalyptus.wsdl.cc.DescribePublicAddresses()).getAddresses()
        .forEach(a -> have.put(a.getSourceAddress(), a.getDestAddress()));
    for (Map.Entry<String, String> h : have.entrySet()) {
      if (!h.getValue().equals(wanted.get(h.getKey()))) {
        org.eucalyptus.wsdl.cc.UnassignAddress u = new org.eucalyptus.wsdl.cc.UnassignAddress();
        u.setSource(h.getKey());
        u.setDest(h.getValue());
        cc.unassignAddress(u);
      }
    }
    for (Map.Entry<String, String> w : wanted.entrySet()) {
      if (!w.getValue().equals(have.get(w.getKey()))) {
        org.eucalyptus.wsdl.cc.AssignAddress a = new org.eucalyptus.wsdl.cc.AssignAddress();
        a.setSource(w.getKey());
        a.setDest(w.getValue());
        cc.assignAddress(a);
      }
    }
  }

  public Mode mode(Cluster cluster) throws EucalyptusFault_Exception {
    Known k = known.get(cluster.name());
    if (k != null && k.at().plus(REMEMBER).isAfter(clock.instant())) {
      return k.mode();
    }
    DescribeNetworksResponse d = clients.forCluster(cluster).describeNetworks(new DescribeNetworks());
    boolean managed = d.getMode() != null && d.getMode().startsWith("MANAGED");
    Mode m = new Mode(managed, d.getVlanMin(), d.getVlanMax());
    known.put(cluster.name(), new Known(m, clock.instant()));
    return m;
  }

  /**
   * Makes the cluster ready for instances of {@code group}: its network started and the account's
   * rules in place. Returns the group's network tag, or null when the cluster does not manage networks.
   */
  public Integer prepare(Cluster cluster, SecurityGroup group) throws EucalyptusFault_Exception {
    Mode m = mode(cluster);
    if (!m.managed()) {
      return null;
    }
    int tag = groups.networkTag(group.groupId(), m.vlanMin(), m.vlanMax());
    StartNetwork s = new StartNetwork();
    s.setVlan(tag);
    s.setNetName(group.name());
    s.setAccountId(group.accountNumber());
    clients.forCluster(cluster).startNetwork(s);
    clients.forCluster(cluster).configureNetwork(rules(group.accountNumber()));
    return tag;
  }

  /** Sends the account's rules to every cluster that manages its network (after a change of rules). */
  public void rulesChanged(String account) {
    pushes.execute(() -> push(account));
  }

  private void push(String account) {
    ConfigureNetwork c = rules(account);
    for (Cluster cluster : clusters.list()) {
      try {
        if (mode(cluster).managed()) {
          clients.forCluster(cluster).configureNetwork(c);
        }
      } catch (EucalyptusFault_Exception | RuntimeException e) {
        // The next launch in that cluster sends the rules again.
        LOG.warn("cluster {} did not take the rules of {}: {}", cluster.name(), account, e.getMessage());
      }
    }
  }

  /** The account's rules as the cluster takes them: one rule per source, destinations by group name. */
  ConfigureNetwork rules(String account) {
    ConfigureNetwork c = new ConfigureNetwork();
    c.setAccountId(account);
    List<SecurityGroup> own = groups.list(account);
    Map<String, List<Permission>> rules = groups.rules(own.stream().map(SecurityGroup::groupId).toList());
    java.util.Set<String> sourceIds = new java.util.HashSet<>();
    rules.values().forEach(ps -> ps.forEach(p -> {
      if (p.sourceGroupId() != null) {
        sourceIds.add(p.sourceGroupId());
      }
    }));
    Map<String, SecurityGroup> sources = groups.byIds(sourceIds);
    for (SecurityGroup g : own) {
      for (Permission p : rules.get(g.groupId())) {
        NetworkRuleType r = new NetworkRuleType();
        r.setType("firewall-open");
        r.setDestUserName(account);
        r.setDestName(g.name());
        r.setProtocol(p.protocol());
        r.setPortRangeMin(p.fromPort());
        r.setPortRangeMax(p.toPort());
        if (p.cidr() != null) {
          r.getSourceNets().add(p.cidr());
        } else {
          SecurityGroup src = sources.get(p.sourceGroupId());
          if (src == null) {
            continue; // the source group is gone
          }
          r.getSourceNames().add(src.name());
          r.getUserNames().add(src.accountNumber());
        }
        c.getRules().add(r);
      }
    }
    return c;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    pushes.shutdownNow();
  }
}
