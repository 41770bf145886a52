package org.eucalyptus.nc.simulator;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the node simulator is told on its command line, read once and checked.
 *
 * @param nodes how many node controllers to serve
 * @param bindAddr the address every node listens on
 * @param firstPort node i listens on firstPort + i; 0: each on a free port of its own (tests)
 * @param dataDir each node's keys, instances and libvirt test-driver description under {@code node-<i>/}
 * @param cores cores each simulated node has (its test driver's host)
 * @param memoryMb memory each simulated node has, in MB
 * @param diskGb disk each simulated node offers, in GB
 * @param nodeConf eucalyptus.conf keys given to every node ({@code --set KEY=VALUE}), e.g. NC_MONITOR_MS
 */
public record SimulatorOptions(int nodes, String bindAddr, int firstPort, Path dataDir, int cores, int memoryMb,
    int diskGb, Map<String, String> nodeConf) {
  public static final String USAGE = "usage: node-simulator --nodes N --first-port PORT --data-dir DIR"
      + " [--bind ADDR] [--cores C] [--memory MB] [--disk GB] [--set NC_KEY=VALUE]...";

  public SimulatorOptions {
    if (nodes < 1) {
      throw new IllegalArgumentException("--nodes must be at least 1, not " + nodes);
    }
    if (firstPort < 0 || (firstPort > 0 && firstPort + nodes - 1 > 65535)) {
      throw new IllegalArgumentException("--first-port " + firstPort + " with " + nodes
          + " nodes does not fit in the ports 1-65535");
    }
    if (cores < 1 || memoryMb < 1 || diskGb < 1) {
      throw new IllegalArgumentException("--cores, --memory and --disk must be at least 1");
    }
    nodeConf = Map.copyOf(nodeConf);
  }

  /** Node {@code i}'s port (0: a free one). */
  public int port(int i) {
    return firstPort == 0 ? 0 : firstPort + i;
  }

  /** Reads the command line; throws IllegalArgumentException with a sentence for a bad one. */
  public static SimulatorOptions parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'; " + USAGE);
      }
      String v = args[++i];
      if (a.equals("--set")) {
        int eq = v.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--set takes KEY=VALUE, not '" + v + "'");
        }
        conf.put(v.substring(0, eq), v.substring(eq + 1));
      } else if (java.util.List.of("--nodes", "--first-port", "--data-dir", "--bind", "--cores", "--memory", "--disk")
          .contains(a)) {
        opts.put(a, v);
      } else {
        throw new IllegalArgumentException("unknown option '" + a + "'; " + USAGE);
      }
    }
    for (String required : java.util.List.of("--nodes", "--first-port", "--data-dir")) {
      if (!opts.containsKey(required)) {
        throw new IllegalArgumentException(required + " is required; " + USAGE);
      }
    }
    return new SimulatorOptions(number(opts, "--nodes", null), opts.getOrDefault("--bind", "127.0.0.1"),
        number(opts, "--first-port", null), Path.of(opts.get("--data-dir")).toAbsolutePath(),
        number(opts, "--cores", 4), number(opts, "--memory", 8192), number(opts, "--disk", 100), conf);
  }

  private static int number(Map<String, String> opts, String name, Integer dflt) {
    String v = opts.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
    }
  }
}
