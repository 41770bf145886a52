package org.eucalyptus.cc.nodes;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.net.GroupFilter;
import org.eucalyptus.wsdl.nc.AllowType;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.GroupFilterType;
import org.eucalyptus.wsdl.nc.NcConfigureNetwork;
import org.eucalyptus.wsdl.nc.NcStartNetwork;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * Keeps the nodes' side of the cluster's network in line with the cluster controller's (MANAGED
 * modes): every node gets the group filters for its bridges (ncConfigureNetwork) whenever they
 * change, again after a failure, and again every {@code resend} (a node that restarted or lost its
 * rules is mended); before an instance starts on a node, that node's segment is made with the
 * VXLAN far ends (the cluster controller and the other nodes) and its filters are checked to be
 * current, so no instance runs unfiltered.
 */
public final class NodeNetworkSync implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(NodeNetworkSync.class);

  private final NodeRegistry nodes;
  private final String clusterHost;
  private final Duration resend;
  private final Map<String, EucalyptusNCPortType> clients = new HashMap<>();
  private final Map<String, Long> sentVersion = new HashMap<>();
  private final Map<String, Long> sentAt = new HashMap<>();
  private final Thread thread;
  private final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private List<GroupFilter> desired = List.of();
  private long version;
  private volatile boolean running = true;

  /** @param clusterHost the cluster controller's address toward the nodes (VNET_LOCALIP), or empty */
  public NodeNetworkSync(NodeRegistry nodes, String clusterHost, Duration resend) {
    this.nodes = nodes;
    this.clusterHost = clusterHost == null ? "" : clusterHost;
    this.resend = resend;
    this.thread = new Thread(this::loop, "cc-node-network");
    thread.setDaemon(true);
  }

  public NodeNetworkSync start() {
    thread.start();
    return this;
  }

  /** The filters every node should have now; sent soon if they changed. */
  public synchronized void filters(List<GroupFilter> filters) {
    if (!filters.equals(desired)) {
      desired = List.copyOf(filters);
      version++;
      notifyAll();
    }
  }

  /**
   * Readies {@code node} for an instance on network {@code vlan}: its segment and bridge (with the
   * VXLAN far ends), and its filters current. Throws what the node answered if it could not.
   */
  public void prepare(Node node, int vlan) throws EucalyptusFault_Exception {
    NcStartNetwork start = new NcStartNetwork();
    start.setVlan(vlan);
    start.getRemoteHosts().addAll(peersOf(node));
    client(node).ncStartNetwork(start);
    send(node, true);
  }

  /** Drops what is kept for a node that left the cluster. */
  public synchronized void forget(Node node) {
    clients.remove(node.serviceTag());
    sentVersion.remove(node.serviceTag());
    sentAt.remove(node.serviceTag());
    failing.remove(node.serviceTag());
  }

  /** The hosts a node's VXLAN segments reach: the cluster controller and every other node. */
  List<String> peersOf(Node node) {
    List<String> peers = new ArrayList<>();
    if (!clusterHost.isBlank()) {
      peers.add(clusterHost);
    }
    for (Node n : nodes.all()) {
      if (n != node) {
        peers.add(host(n));
      }
    }
    return peers;
  }

  private static String host(Node n) {
    return URI.create(n.serviceTag()).getHost();
  }

  private synchronized EucalyptusNCPortType client(Node node) {
    return clients.computeIfAbsent(node.serviceTag(), nodes::newClient);
  }

  /** Sends the desired filters to one node if it lacks them, or (unless {@code onlyIfBehind}) if a resend is due. */
  private void send(Node node, boolean onlyIfBehind) throws EucalyptusFault_Exception {
    List<GroupFilter> filters;
    long v;
    synchronized (this) {
      filters = desired;
      v = version;
      Long sent = sentVersion.get(node.serviceTag());
      Long at = sentAt.get(node.serviceTag());
      boolean behind = sent == null || sent != v;
      boolean due = at == null || System.nanoTime() - at > resend.toNanos();
      if (onlyIfBehind ? !behind : !(behind || due)) {
        return;
      }
    }
    NcConfigureNetwork req = new NcConfigureNetwork();
    for (GroupFilter f : filters) {
      GroupFilterType t = new GroupFilterType();
      t.setVlan(f.tag());
      t.setSubnet(f.subnetCidr());
      t.setGateway(f.gatewayIp());
      for (GroupFilter.Allow a : f.allows()) {
        AllowType at = new AllowType();
        at.setSourceCidr(a.sourceCidr());
        at.setProtocol(a.protocol());
        at.setFromPort(a.fromPort());
        at.setToPort(a.toPort());
        t.getAllow().add(at);
      }
      req.getFilter().add(t);
    }
    client(node).ncConfigureNetwork(req);
    synchronized (this) {
      sentVersion.put(node.serviceTag(), v);
      sentAt.put(node.serviceTag(), System.nanoTime());
    }
  }

  private void loop() {
    while (running) {
      for (Node node : nodes.all()) {
        try {
          send(node, false);
          if (failing.remove(node.serviceTag())) {
            LOG.info("node {} took the network filters", node.serviceTag());
          }
        } catch (EucalyptusFault_Exception | RuntimeException e) {
          String why = e instanceof EucalyptusFault_Exception f && f.getFaultInfo() != null
              ? f.getFaultInfo().getMessage() : e.getMessage();
          if (failing.add(node.serviceTag())) { // once per outage, not every retry
            LOG.warn("node {} did not take the network filters (retrying): {}", node.serviceTag(), why);
          }
        }
      }
      synchronized (this) {
        try {
          wait(2000); // woken at once when the filters change; failures and resends retry within 2 s
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
