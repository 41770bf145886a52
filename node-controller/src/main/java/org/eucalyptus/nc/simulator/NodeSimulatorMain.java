package org.eucalyptus.nc.simulator;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the node simulator until the process is stopped. Writes the nodes' NODES line to
 * {@code DATA_DIR/nodes} and prints, once all are up, the start-up time, heap and threads. Its
 * standard input takes commands stopping and starting nodes ({@link SimulatorControl}): a benchmark's
 * way to kill some nodes.
 */
public final class NodeSimulatorMain {
  private NodeSimulatorMain() {}

  public static void main(String[] args) throws Exception {
    SimulatorOptions options;
    try {
      options = SimulatorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("node-simulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    NodeSimulator sim;
    try {
      sim = NodeSimulator.start(options);
    } catch (java.io.IOException e) {
      System.err.println("node-simulator: " + e.getMessage());
      System.exit(1);
      return;
    }
    long startMs = (System.nanoTime() - t0) / 1_000_000;
    Files.writeString(options.dataDir().resolve("nodes"), sim.nodesLine() + "\n");
    System.out.println(SimulatorFigures.now(sim.size()).line("started in " + startMs + " ms"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      stopped.countDown();
    }, "shutdown"));
    Thread control = new Thread(() -> {
      try {
        new SimulatorControl(sim, System.out).serve(System.in);
      } catch (java.io.IOException e) {
        System.out.println("node-simulator: no more commands: " + e.getMessage());
      }
    }, "control");
    control.setDaemon(true);
    control.start();
    // A line of figures every minute, for a benchmark watching the simulator under load.
    while (!stopped.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
      System.out.println(SimulatorFigures.now(sim.size()).line("running"));
    }
  }

  /** Heap in use (after a collection) and live threads of this JVM, per node too. */
  record SimulatorFigures(int nodes, long heapBytes, int threads) {
    static SimulatorFigures now(int nodes) {
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new SimulatorFigures(nodes, heap, ManagementFactory.getThreadMXBean().getThreadCount());
    }

    String line(String what) {
      return String.format("node-simulator: %d nodes %s; heap %d MiB (%d KiB per node), %d threads (%.2f per node)",
          nodes, what, heapBytes >> 20, heapBytes / 1024 / nodes, threads, threads / (double) nodes);
    }
  }
}
