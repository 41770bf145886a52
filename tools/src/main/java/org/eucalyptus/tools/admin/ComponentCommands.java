package org.eucalyptus.tools.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * euca-admin's commands for the cloud's components as a whole: describe-services, register-walrus,
 * issue-credentials.
 */
final class ComponentCommands {
  private ComponentCommands() {}

  /** The items of DescribeServices: type, name, partition, state, URL, reason. */
  static List<String[]> services(EucaAdmin.Credentials credentials) throws Exception {
    String resp = credentials.configuration().call("DescribeServices", Map.of());
    List<String[]> out = new java.util.ArrayList<>();
    for (org.w3c.dom.Element item : Ec2QueryClient.blocks(resp, "item")) {
      out.add(new String[] {Ec2QueryClient.element(item, "serviceType"), Ec2QueryClient.element(item, "serviceName"),
          Ec2QueryClient.element(item, "partition"), Ec2QueryClient.element(item, "localState"),
          Ec2QueryClient.element(item, "serviceUrl"), Ec2QueryClient.element(item, "reason")});
    }
    return out;
  }

  @Command(name = "describe-services", mixinStandardHelpOptions = true,
      description = "Every component and its state (ENABLED, DISABLED, NOTREADY, and why), as euca-describe-services.")
  static final class DescribeServices implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Override
    public Integer call() throws Exception {
      for (String[] s : services(credentials)) {
        String partition = s[2] == null || s[2].isEmpty() ? s[1] : s[2];
        System.out.println(String.join("\t", "SERVICE", s[0], partition, s[1], s[3], s[4])
            + (s[5] == null || s[5].isEmpty() ? "" : "\t" + s[5]));
      }
      return 0;
    }
  }

  @Command(name = "register-walrus", mixinStandardHelpOptions = true,
      description = "Register Walrus on a host of its own (euca_conf --register-walrus); prints its URL.")
  static final class RegisterWalrus implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", description = "Walrus's host") String host;

    @Option(names = "--port", defaultValue = "8773", description = "its port (default 8773)") int port;

    @Override
    public Integer call() throws Exception {
      String resp = credentials.configuration().call("RegisterWalrus",
          Map.of("Host", host, "Port", String.valueOf(port)));
      System.out.println("WALRUS\t" + Ec2QueryClient.element(resp, "url"));
      return 0;
    }
  }

  @Command(name = "issue-credentials", mixinStandardHelpOptions = true,
      description = "Issue a component host its key pair and certificate from the cloud CA, into DIR as"
          + " <role>-cert.pem and <role>-pk.pem (with cloud-cert.pem), where that component reads them.")
  static final class IssueCredentials implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Option(names = "--role", required = true, description = "node, cluster or walrus")
    String role;

    @Option(names = "--name", required = true, description = "the component's host name or address")
    String name;

    @Option(names = "--dir", required = true, description = "directory to write the files to")
    Path dir;

    @Override
    public Integer call() throws Exception {
      String resp = credentials.configuration()
          .call("IssueComponentCredentials", Map.of("Role", role, "Name", name));
      Files.createDirectories(dir);
      GetCredentials.writePrivate(dir.resolve(role + "-pk.pem"), Ec2QueryClient.element(resp, "privateKey"));
      Files.writeString(dir.resolve(role + "-cert.pem"), Ec2QueryClient.element(resp, "certificate"));
      Files.writeString(dir.resolve("cloud-cert.pem"), Ec2QueryClient.element(resp, "cloudCertificate"));
      System.out.println("CREDENTIALS\t" + role + "\t" + name + "\t" + dir.toAbsolutePath());
      return 0;
    }
  }
}
