package org.eucalyptus.cc.nodes;

import jakarta.xml.ws.BindingProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.logging.NoOpFaultListener;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;

/**
 * The cluster's nodes: those of {@code NODES} ("host host:port ...") in that order, then those
 * registered at run time (RegisterNode, from the admin CLI through the cloud controller), which
 * are kept in CC_STATE_DIR so a restarted cluster controller still has them. Readers get a
 * snapshot; listeners hear of each node added or removed (its monitor starts or stops).
 */
public final class NodeRegistry {
  /** Longest a describe long poll waits at a node; the client waits longer than that. */
  public static final Duration LONG_POLL = Duration.ofSeconds(20);

  /** Where a node came from: eucalyptus.conf (changed by editing it) or a registration. */
  public enum Source { CONF, REGISTERED }

  /** Told of nodes registered and deregistered. */
  public interface Listener {
    void added(Node node);

    void removed(Node node);
  }

  /** A registration the registry refuses, with the reason. */
  public static final class RegistrationException extends Exception {
    public RegistrationException(String message) {
      super(message);
    }
  }

  private final String service;
  private final int defaultPort;
  private final Path stateFile;
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, Source> sources = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private int nextIndex;
  private int saves;
  private java.util.function.Supplier<java.util.Optional<SigningIdentity>> signer = java.util.Optional::empty;

  /** A fixed set of nodes (tests), none persisted. */
  public NodeRegistry(List<Node> nodes) {
    this("axis2/services/EucalyptusNC", 8775, null);
    for (Node n : nodes) {
      this.nodes.add(n);
      sources.put(n.serviceTag(), Source.CONF);
      nextIndex = Math.max(nextIndex, n.index() + 1);
    }
  }

  private NodeRegistry(String service, int defaultPort, Path stateFile) {
    this.service = service;
    this.defaultPort = defaultPort;
    this.stateFile = stateFile;
  }

  /** NODES, then the nodes registered before (in {@code stateDir}, or none when it is null). */
  public static NodeRegistry fromSettings(EucaConf conf, Path stateDir) {
    return fromSettings(org.eucalyptus.cc.ClusterSettings.Nodes.from(conf), stateDir, java.util.Optional::empty);
  }

  /** The nodes of {@code settings}, then those registered before; calls to them signed by {@code signer}. */
  public static NodeRegistry fromSettings(org.eucalyptus.cc.ClusterSettings.Nodes settings, Path stateDir,
      java.util.function.Supplier<java.util.Optional<SigningIdentity>> signer) {
    NodeRegistry r = new NodeRegistry(settings.service(), settings.defaultPort(),
        stateDir == null ? null : stateDir.resolve("nodes"));
    r.signer = signer;
    for (String entry : settings.entries()) {
      String url = r.url(entry);
      if (r.byServiceTag(url).isPresent()) {
        throw new IllegalArgumentException("NODES names " + entry + " twice");
      }
      r.add(url, Source.CONF);
    }
    if (r.stateFile != null && Files.exists(r.stateFile)) {
      try {
        for (String line : Files.readAllLines(r.stateFile)) {
          if (!line.isBlank() && r.byServiceTag(r.url(line.strip())).isEmpty()) {
            r.add(r.url(line.strip()), Source.REGISTERED);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the registered nodes in " + r.stateFile + ": " + e.getMessage(), e);
      }
    }
    return r;
  }

  /** {@code host} or {@code host:port} as a node's service URL. */
  private String url(String entry) {
    String host = entry;
    int port = defaultPort;
    int colon = entry.lastIndexOf(':');
    if (colon > 0) {
      host = entry.substring(0, colon);
      try {
        port = Integer.parseInt(entry.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("nodes are host or host:port, not '" + entry + "'");
      }
    }
    return url(host, port);
  }

  private String url(String host, int port) {
    if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})") || port < 1 || port > 65535) {
      throw new IllegalArgumentException("a node is a host name or IPv4 address and a port 1-65535, not '" + host
          + ":" + port + "'");
    }
    return "http://" + host + ":" + port + "/" + service;
  }

  private Node add(String url, Source source) {
    Node n = Node.withClientOnFirstCall(nextIndex++, url, () -> newClient(url));
    nodes.add(n);
    sources.put(url, source);
    return n;
  }

  public void listen(Listener l) {
    listeners.add(l);
  }

  /** The node at {@code host}:{@code port} (port 0: NC_PORT). */
  public Node find(String host, int port) throws RegistrationException {
    String url;
    try {
      url = url(host == null ? "" : host.strip(), port == 0 ? defaultPort : port);
    } catch (IllegalArgumentException e) {
      throw new RegistrationException(e.getMessage());
    }
    return byServiceTag(url).orElseThrow(() -> new RegistrationException("no node " + host + " is registered"));
  }

  /** Adds a node (port 0: NC_PORT); registering one that is known already returns it unchanged. */
  public Node register(String host, int port) throws RegistrationException {
    return registerAll(List.of(new Address(host, port))).get(0);
  }

  /** A node's host and port (0: NC_PORT) as a registration names it. */
  public record Address(String host, int port) {}

  /**
   * Adds nodes in one step: all are checked before any is added (one bad address refuses the
   * batch), and the registered nodes are saved once for the whole batch, not once a node (a
   * cluster of hundreds registers in one call). Returns each address's node, known ones unchanged.
   */
  public List<Node> registerAll(List<Address> addresses) throws RegistrationException {
    List<Node> out = new ArrayList<>();
    List<Node> added = new ArrayList<>();
    synchronized (this) {
      List<String> urls = new ArrayList<>();
      for (Address a : addresses) {
        try {
          urls.add(url(a.host() == null ? "" : a.host().strip(), a.port() == 0 ? defaultPort : a.port()));
        } catch (IllegalArgumentException e) {
          throw new RegistrationException(e.getMessage());
        }
      }
      for (String url : urls) {
        Optional<Node> known = byServiceTag(url);
        Node n = known.isPresent() ? known.get() : add(url, Source.REGISTERED);
        if (known.isEmpty()) {
          added.add(n);
        }
        out.add(n);
      }
      if (!added.isEmpty()) {
        save();
      }
    }
    for (Node n : added) {
      listeners.forEach(l -> l.added(n));
    }
    return out;
  }

  /**
   * Removes a registered node; refused for a node of NODES (edit eucalyptus.conf instead) and for
   * one that still runs instances ({@code busy}), which would otherwise be lost track of.
   */
  public Node deregister(String host, int port, Predicate<Node> busy) throws RegistrationException {
    Node n;
    synchronized (this) {
      String url;
      try {
        url = url(host == null ? "" : host.strip(), port == 0 ? defaultPort : port);
      } catch (IllegalArgumentException e) {
        throw new RegistrationException(e.getMessage());
      }
      n = byServiceTag(url).orElseThrow(() -> new RegistrationException("no node " + host + " is registered"));
      if (sources.get(url) == Source.CONF) {
        throw new RegistrationException("node " + host + " is listed in NODES in eucalyptus.conf; remove it there");
      }
      if (busy.test(n)) {
        throw new RegistrationException("node " + host + " still runs instances; terminate them first");
      }
      nodes.remove(n);
      sources.remove(url);
      save();
    }
    listeners.forEach(l -> l.removed(n));
    return n;
  }

  /** How many times the registered nodes were written to CC_STATE_DIR (one a registration call, not a node). */
  public synchronized int saves() {
    return saves;
  }

  private void save() {
    if (stateFile == null) {
      return;
    }
    saves++;
    StringBuilder b = new StringBuilder();
    for (Node n : nodes) {
      if (sources.get(n.serviceTag()) == Source.REGISTERED) {
        URI u = URI.create(n.serviceTag());
        b.append(u.getHost()).append(':').append(u.getPort()).append('\n');
      }
    }
    try {
      Files.createDirectories(stateFile.getParent());
      Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
      Files.writeString(tmp, b.toString());
      Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the registered nodes in " + stateFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * A client for one node, signing its calls once this cluster controller is enrolled; each
   * monitor has its own, which it adopts into its non-blocking calls.
   */
  public EucalyptusNCPortType newClient(String url) {
    EucalyptusNCPortType c = WsSecurity.signing(SoapClients.create(EucalyptusNCPortType.class, url,
        Duration.ofSeconds(5), LONG_POLL.plusSeconds(40)), signer);
    // CXF would log every failed call with a stack trace (a down node is retried every few seconds);
    // the monitor logs the node going down and up instead, and the handlers log what failed.
    ((BindingProvider) c).getRequestContext().put(FaultListener.class.getName(), new NoOpFaultListener());
    return c;
  }

  /** The nodes now, in registration order. */
  public List<Node> all() {
    return List.copyOf(nodes);
  }

  public Source source(Node n) {
    return sources.getOrDefault(n.serviceTag(), Source.REGISTERED);
  }

  public Optional<Node> byServiceTag(String tag) {
    return nodes.stream().filter(n -> n.serviceTag().equals(tag)).findFirst();
  }

  /** The hosts of all nodes (for VXLAN far ends). */
  public List<String> hosts() {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(URI.create(n.serviceTag()).getHost()));
    return out;
  }
}
