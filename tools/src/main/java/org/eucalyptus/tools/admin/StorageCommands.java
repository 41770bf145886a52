package org.eucalyptus.tools.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** euca-admin's storage controller commands: register-sc, deregister-sc, list-scs. */
final class StorageCommands {
  private StorageCommands() {}

  @Command(name = "register-sc", mixinStandardHelpOptions = true,
      description = "Register a zone's storage controller (euca_conf --register-sc); it is enrolled once it answers.")
  static final class RegisterSc implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", description = "the zone (a registered cluster's name)") String zone;

    @CommandLine.Parameters(index = "1", description = "the storage controller's host") String host;

    @Option(names = "--port", description = "its port (default 8776)") Integer port;

    @Option(names = "--name", description = "its name (default: the zone's)") String name;

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("Partition", zone);
      p.put("Host", host);
      if (port != null) {
        p.put("Port", String.valueOf(port));
      }
      if (name != null) {
        p.put("Name", name);
      }
      String resp = credentials.configuration().call("RegisterStorageController", p);
      System.out.println(String.join("\t", "STORAGE", Ec2QueryClient.element(resp, "name"),
          Ec2QueryClient.element(resp, "partition"),
          Ec2QueryClient.element(resp, "host") + ":" + Ec2QueryClient.element(resp, "port"),
          Ec2QueryClient.element(resp, "trust")));
      return 0;
    }
  }

  @Command(name = "deregister-sc", mixinStandardHelpOptions = true,
      description = "Remove a storage controller, by name or by its zone (refused while the zone has volumes).")
  static final class DeregisterSc implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", arity = "0..1", description = "the storage controller's name") String name;

    @Option(names = "--partition", description = "the zone whose storage controller to remove") String zone;

    @Override
    public Integer call() throws Exception {
      if ((name == null) == (zone == null)) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "Name the storage controller, or its zone with --partition (one of them).");
      }
      credentials.configuration().call("DeregisterStorageController",
          name != null ? Map.of("Name", name) : Map.of("Partition", zone));
      System.out.println("DEREGISTERED\t" + (name != null ? name : zone));
      return 0;
    }
  }

  @Command(name = "list-scs", mixinStandardHelpOptions = true,
      description = "List the storage controllers: name, zone, state, URL (and why, when not ENABLED).")
  static final class ListScs implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Override
    public Integer call() throws Exception {
      String resp = credentials.configuration().call("DescribeStorageControllers", Map.of());
      for (org.w3c.dom.Element item : Ec2QueryClient.blocks(resp, "item")) {
        String detail = Ec2QueryClient.element(item, "detail");
        System.out.println(String.join("\t", "STORAGE", Ec2QueryClient.element(item, "name"),
            Ec2QueryClient.element(item, "partition"), Ec2QueryClient.element(item, "state"),
            Ec2QueryClient.element(item, "serviceUrl")) + (detail == null || detail.isEmpty() ? "" : "\t" + detail));
      }
      return 0;
    }
  }
}
