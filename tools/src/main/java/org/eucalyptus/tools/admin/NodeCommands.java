package org.eucalyptus.tools.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** euca-admin's node controller commands: register-nodes, deregister-nodes, list-nodes. */
final class NodeCommands {
  private NodeCommands() {}

  /** Node.N parameters and the cluster, as the node commands send them. */
  static Map<String, String> nodeParams(String cluster, List<String> nodes) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ClusterName", cluster);
    for (int i = 0; i < nodes.size(); i++) {
      p.put("Node." + (i + 1), nodes.get(i));
    }
    return p;
  }

  /** One NODE line per node: host, port, state, where it came from, cores, memory, disk, instances. */
  static void printNodes(String cluster, String resp) {
    List<String> hosts = Ec2QueryClient.elements(resp, "host");
    List<String> ports = Ec2QueryClient.elements(resp, "port");
    List<String> states = Ec2QueryClient.elements(resp, "state");
    List<String> sources = Ec2QueryClient.elements(resp, "source");
    List<String> cores = Ec2QueryClient.elements(resp, "cores");
    List<String> mem = Ec2QueryClient.elements(resp, "memoryMb");
    List<String> disk = Ec2QueryClient.elements(resp, "diskGb");
    List<String> instances = Ec2QueryClient.elements(resp, "instances");
    // "enrolled", or why the cloud could not hand the node its certificate yet
    List<String> trust = Ec2QueryClient.elements(resp, "trust");
    for (int i = 0; i < hosts.size(); i++) {
      System.out.println(String.join("\t", "NODE", cluster, hosts.get(i) + ":" + ports.get(i), states.get(i),
          sources.get(i).toLowerCase(java.util.Locale.ROOT), cores.get(i), mem.get(i), disk.get(i), instances.get(i),
          i < trust.size() ? trust.get(i) : "-"));
    }
  }

  @Command(name = "register-nodes", mixinStandardHelpOptions = true,
      description = "Add node controllers to a cluster at run time (kept across the CC's restarts), as euca_conf"
          + " --register-nodes; prints each node.")
  static final class RegisterNodes implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Option(names = "--cluster", required = true, description = "cluster (availability zone) name") String cluster;

    @CommandLine.Parameters(arity = "1..*", description = "host or host:port of each node") List<String> nodes;

    @Override
    public Integer call() throws Exception {
      printNodes(cluster, credentials.configuration()
          .call("RegisterNodes", nodeParams(cluster, nodes)));
      return 0;
    }
  }

  @Command(name = "deregister-nodes", mixinStandardHelpOptions = true,
      description = "Remove registered node controllers from a cluster (refused while one runs instances).")
  static final class DeregisterNodes implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Option(names = "--cluster", required = true, description = "cluster (availability zone) name") String cluster;

    @CommandLine.Parameters(arity = "1..*", description = "host or host:port of each node") List<String> nodes;

    @Override
    public Integer call() throws Exception {
      credentials.configuration().call("DeregisterNodes", nodeParams(cluster, nodes));
      for (String n : nodes) {
        System.out.println("DEREGISTERED\t" + cluster + "\t" + n);
      }
      return 0;
    }
  }

  @Command(name = "list-nodes", mixinStandardHelpOptions = true,
      description = "List a cluster's node controllers: address, UP/DOWN, conf or registered, size, instances.")
  static final class ListNodes implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Option(names = "--cluster", required = true, description = "cluster (availability zone) name") String cluster;

    @Override
    public Integer call() throws Exception {
      printNodes(cluster, credentials.configuration()
          .call("DescribeNodes", Map.of("ClusterName", cluster)));
      return 0;
    }
  }
}
