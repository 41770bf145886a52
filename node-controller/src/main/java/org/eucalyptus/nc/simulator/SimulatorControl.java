package org.eucalyptus.nc.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops and starts simulated nodes on command, one command a line (the simulator's standard input):
 * {@code stop 3}, {@code stop 0-9}, {@code start 3 5}. A stopped node closes its port and its
 * connections, as a killed node controller does; started again it adopts what its directory records.
 * Each command is answered with one line ({@code stopped 0-9} or {@code error: ...}).
 */
final class SimulatorControl {
  private final NodeSimulator sim;
  private final PrintStream out;

  SimulatorControl(NodeSimulator sim, PrintStream out) {
    this.sim = sim;
    this.out = out;
  }

  /** Reads commands until the input ends (nothing more to do then: the nodes keep running). */
  void serve(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (!line.isBlank()) {
        out.println("node-simulator: " + execute(line.strip()));
      }
    }
  }

  /** Runs one command; its answer line. */
  String execute(String command) {
    String[] words = command.split("\\s+");
    try {
      List<Integer> nodes = nodes(words);
      switch (words[0]) {
        case "stop" -> nodes.parallelStream().forEach(i -> sim.node(i).stop());
        case "start" -> {
          for (int i : nodes) {
            sim.node(i).start();
          }
        }
        default -> throw new IllegalArgumentException("unknown command '" + words[0] + "' (stop or start)");
      }
      return (words[0].equals("stop") ? "stopped " : "started ") + String.join(" ", List.of(words).subList(1, words.length));
    } catch (IllegalArgumentException e) {
      return "error: " + e.getMessage();
    } catch (Exception e) {
      return "error: " + command + ": " + e.getMessage();
    }
  }

  /** The node numbers a command names: {@code 3}, {@code 0-9}, several of either. */
  private List<Integer> nodes(String[] words) {
    if (words.length < 2) {
      throw new IllegalArgumentException("'" + words[0] + "' needs node numbers, e.g. " + words[0] + " 0-9");
    }
    List<Integer> nodes = new ArrayList<>();
    for (int k = 1; k < words.length; k++) {
      String[] range = words[k].split("-", 2);
      try {
        int from = Integer.parseInt(range[0]);
        int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
        if (from < 0 || to >= sim.size() || from > to) {
          throw new IllegalArgumentException("no nodes " + words[k] + " here (0-" + (sim.size() - 1) + ")");
        }
        for (int i = from; i <= to; i++) {
          nodes.add(i);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + words[k] + "' is not a node number or range");
      }
    }
    return nodes;
  }
}
