package org.eucalyptus.tools.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** euca-admin's cluster commands: register-cluster, deregister-cluster, list-clusters, set-addresses. */
final class ClusterCommands {
  private ClusterCommands() {}

  @Command(name = "register-cluster", mixinStandardHelpOptions = true,
      description = "Register a cluster controller as an availability zone (euca_conf --register-cluster).")
  static final class RegisterCluster implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", description = "cluster (availability zone) name") String name;

    @CommandLine.Parameters(index = "1", description = "the cluster controller's host") String host;

    @Option(names = "--port", defaultValue = "8774", description = "its port (default 8774)") int port;

    @Override
    public Integer call() throws Exception {
      String resp = credentials.configuration().call("RegisterCluster",
          Map.of("Name", name, "Host", host, "Port", String.valueOf(port)));
      System.out.println("CLUSTER\t" + Ec2QueryClient.element(resp, "name") + "\t" + Ec2QueryClient.element(resp, "host")
          + ":" + Ec2QueryClient.element(resp, "port"));
      return 0;
    }
  }

  @Command(name = "deregister-cluster", mixinStandardHelpOptions = true,
      description = "Remove a cluster (refused while it has instances).")
  static final class DeregisterCluster implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", description = "cluster (availability zone) name") String name;

    @Override
    public Integer call() throws Exception {
      credentials.configuration().call("DeregisterCluster", Map.of("Name", name));
      System.out.println("DEREGISTERED\t" + name);
      return 0;
    }
  }

  @Command(name = "list-clusters", mixinStandardHelpOptions = true,
      description = "List the registered clusters: name, state, URL (and why, when not ENABLED).")
  static final class ListClusters implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Override
    public Integer call() throws Exception {
      for (String[] s : ComponentCommands.services(credentials)) {
        if (s[0].equals("cluster")) {
          System.out.println(String.join("\t", "CLUSTER", s[1], s[3], s[4]) + (s[5] == null || s[5].isEmpty() ? ""
              : "\t" + s[5]));
        }
      }
      return 0;
    }
  }

  @Command(name = "set-addresses", mixinStandardHelpOptions = true,
      description = "Set a cluster's public address pool: addresses and ranges a.b.c.d-a.b.c.e.")
  static final class SetAddresses implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", description = "cluster (availability zone) name") String cluster;

    @CommandLine.Parameters(index = "1..*", arity = "0..*", description = "addresses or ranges")
    List<String> specs = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("ClusterName", cluster);
      for (int i = 0; i < specs.size(); i++) {
        p.put("PublicIp." + (i + 1), specs.get(i));
      }
      String resp = credentials.client().call("SetClusterAddresses", p);
      System.out.println("ADDRESSES\t" + cluster + "\t" + Ec2QueryClient.element(resp, "addressCount"));
      return 0;
    }
  }
}
