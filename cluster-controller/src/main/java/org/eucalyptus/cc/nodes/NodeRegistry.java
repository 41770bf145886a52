package org.eucalyptus.cc.nodes;

import jakarta.xml.ws.BindingProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.logging.NoOpFaultListener;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;

/** The cluster's nodes, from {@code NODES} ("host host:port ..."), in that order. */
public final class NodeRegistry {
  /** Longest a describe long poll waits at a node; the client waits longer than that. */
  public static final Duration LONG_POLL = Duration.ofSeconds(20);

  private final List<Node> nodes;

  public NodeRegistry(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  public static NodeRegistry fromSettings(EucaConf conf) {
    int defaultPort = conf.getInt("NC_PORT", 8775);
    String service = conf.get("NC_SERVICE", "axis2/services/EucalyptusNC").replaceAll("^/+", "");
    List<Node> out = new ArrayList<>();
    for (String entry : conf.get("NODES", "").trim().split("\\s+")) {
      if (entry.isEmpty()) {
        continue;
      }
      String host = entry;
      int port = defaultPort;
      int colon = entry.lastIndexOf(':');
      if (colon > 0) {
        host = entry.substring(0, colon);
        try {
          port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("NODES entries are host or host:port, not '" + entry + "'");
        }
      }
      String url = "http://" + host + ":" + port + "/" + service;
      if (out.stream().anyMatch(n -> n.serviceTag().equals(url))) {
        throw new IllegalArgumentException("NODES names " + entry + " twice");
      }
      out.add(new Node(out.size(), url, client(url)));
    }
    return new NodeRegistry(out);
  }

  /** A client for one node; each monitor has its own, so it can set its per-call timeouts. */
  static EucalyptusNCPortType client(String url) {
    EucalyptusNCPortType c = SoapClients.create(EucalyptusNCPortType.class, url, Duration.ofSeconds(5),
        LONG_POLL.plusSeconds(40));
    // CXF would log every failed call with a stack trace (a down node is retried every few seconds);
    // the monitor logs the node going down and up instead, and the handlers log what failed.
    ((BindingProvider) c).getRequestContext().put(FaultListener.class.getName(), new NoOpFaultListener());
    return c;
  }

  public List<Node> all() {
    return nodes;
  }

  public Optional<Node> byServiceTag(String tag) {
    return nodes.stream().filter(n -> n.serviceTag().equals(tag)).findFirst();
  }
}
