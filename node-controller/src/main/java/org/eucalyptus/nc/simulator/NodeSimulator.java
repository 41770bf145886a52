package org.eucalyptus.nc.simulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.nc.SharedNodeRuntime;

/**
 * Many node controllers in one process, for benchmarks and tests: each the real node controller
 * and SOAP contract (signed calls once enrolled, enrolment, the long-poll describe) on its own port
 * over a libvirt test-driver host of its own; they share the HTTP threads, the CXF bus and the
 * monitors' timer ({@link SharedNodeRuntime}), so that a thousand fit in one JVM.
 */
public final class NodeSimulator implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(NodeSimulator.class);

  private final SharedNodeRuntime shared;
  private final List<SimulatedNode> nodes;

  private NodeSimulator(SharedNodeRuntime shared, List<SimulatedNode> nodes) {
    this.shared = shared;
    this.nodes = List.copyOf(nodes);
  }

  /** Starts every node (a few at once), each with its key pair made; on a failure stops those started and throws. */
  public static NodeSimulator start(SimulatorOptions options) throws IOException, InterruptedException {
    // Each node holds one request thread for its open long poll; the rest serve calls in flight.
    SharedNodeRuntime shared = new SharedNodeRuntime(2, 2 * options.nodes() + 64, 2);
    List<SimulatedNode> nodes = new ArrayList<>();
    ExecutorService starters = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    try {
      for (int i = 0; i < options.nodes(); i++) {
        nodes.add(new SimulatedNode(options, i, shared));
      }
      List<Future<?>> started = new ArrayList<>();
      for (SimulatedNode n : nodes) {
        started.add(starters.submit(() -> {
          n.start();
          n.makeKey(); // as each node controller does once started: not at the cloud's first question
          return null;
        }));
      }
      for (Future<?> f : started) {
        f.get();
      }
      LOG.info("node simulator: {} nodes on {}:{}-{}", nodes.size(), options.bindAddr(), options.port(0),
          options.port(options.nodes() - 1));
      return new NodeSimulator(shared, nodes);
    } catch (java.util.concurrent.ExecutionException e) {
      stopAll(shared, nodes);
      throw new IOException("a simulated node did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (IOException | InterruptedException | RuntimeException e) {
      stopAll(shared, nodes);
      throw e;
    } finally {
      starters.shutdownNow();
    }
  }

  public int size() {
    return nodes.size();
  }

  /** Node {@code i} (0-based), to stop and start again. */
  public SimulatedNode node(int i) {
    return nodes.get(i);
  }

  /** Every node's host:port, as a cluster controller's NODES lists them (space-separated). */
  public String nodesLine() {
    return String.join(" ", nodes.stream().map(SimulatedNode::address).toList());
  }

  @Override
  public void close() {
    stopAll(shared, nodes);
  }

  private static void stopAll(SharedNodeRuntime shared, List<SimulatedNode> nodes) {
    nodes.parallelStream().forEach(SimulatedNode::close);
    shared.close();
  }
}
