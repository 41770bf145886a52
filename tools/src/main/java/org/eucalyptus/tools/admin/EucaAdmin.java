package org.eucalyptus.tools.admin;

import org.eucalyptus.common.credentials.EucarcFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code euca-admin}: the cloud administrator's command line. It talks to the cloud controller
 * only through its published APIs, signed with the admin's credentials (an eucarc).
 */
@Command(name = "euca-admin", mixinStandardHelpOptions = true, version = "euca-admin 0.1",
    description = "Administer a Eucalyptus cloud.",
    subcommands = {EucaAdmin.RegisterImage.class, EucaAdmin.ModifyInstanceType.class,
        EucaAdmin.DescribeProperties.class, EucaAdmin.ModifyProperty.class, EucaAdmin.CreateAccount.class,
        EucaAdmin.ListAccounts.class, GetCredentials.class, EucaAdmin.SetAddresses.class,
        EucaAdmin.IssueCredentials.class, EucaAdmin.RegisterNodes.class, EucaAdmin.DeregisterNodes.class,
        EucaAdmin.ListNodes.class, EucaAdmin.RegisterCluster.class, EucaAdmin.DeregisterCluster.class,
        EucaAdmin.ListClusters.class, EucaAdmin.DescribeServices.class, EucaAdmin.RegisterWalrus.class})
public final class EucaAdmin implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 2;
  }

  /** Options every command that talks to the CLC takes. */
  static class Credentials {
    @Option(names = "--eucarc", description = "eucarc to read credentials from (default: the environment)")
    Path eucarc;

    Ec2QueryClient client() throws Exception {
      Map<String, String> env = EucarcFile.load(eucarc);
      String url = env.get("EC2_URL");
      String ak = env.get("EC2_ACCESS_KEY");
      String sk = env.get("EC2_SECRET_KEY");
      if (url == null || ak == null || sk == null) {
        throw new CommandLine.ParameterException(new CommandLine(new EucaAdmin()),
            "No credentials: source an eucarc or pass --eucarc FILE (EC2_URL, EC2_ACCESS_KEY, EC2_SECRET_KEY)");
      }
      return new Ec2QueryClient(URI.create(url), ak, sk, env.getOrDefault("AWS_DEFAULT_REGION", "eucalyptus"));
    }

    /** The cloud's Configuration service (components, registration, credentials). */
    Ec2QueryClient configuration() throws Exception {
      return client().forService("/services/Configuration");
    }
  }

  @Command(name = "register-image", mixinStandardHelpOptions = true,
      description = "Register a machine image from a file the nodes can read; prints its emi- id.")
  static final class RegisterImage implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @Option(names = {"-f", "--file"}, required = true, description = "image file")
    Path file;

    @Option(names = {"-n", "--name"}, description = "image name (default: the file's name)")
    String name;

    @Option(names = "--kernel", description = "eki- id of the kernel")
    String kernel;

    @Option(names = "--ramdisk", description = "eri- id of the ramdisk")
    String ramdisk;

    @Override
    public Integer call() throws Exception {
      if (!Files.isReadable(file)) {
        System.err.println("euca-admin: cannot read " + file);
        return 1;
      }
      Map<String, String> p = new LinkedHashMap<>();
      p.put("ImageLocation", file.toAbsolutePath().toUri().toString());
      p.put("Name", name != null ? name : file.getFileName().toString());
      if (kernel != null) {
        p.put("KernelId", kernel);
      }
      if (ramdisk != null) {
        p.put("RamdiskId", ramdisk);
      }
      String resp = credentials.client().call("RegisterImage", p);
      System.out.println("IMAGE\t" + Ec2QueryClient.element(resp, "imageId"));
      return 0;
    }
  }

  @Command(name = "modify-instance-type", mixinStandardHelpOptions = true,
      description = "Change an instance type's cores, memory (MB) or disk (GB), or reset it to its default.")
  static final class ModifyInstanceType implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @CommandLine.Parameters(index = "0", description = "instance type, e.g. m1.small")
    String name;

    @Option(names = {"-c", "--cpus"}) Integer cpus;
    @Option(names = {"-m", "--memory"}, description = "MB") Integer memory;
    @Option(names = {"-d", "--disk"}, description = "GB") Integer disk;
    @Option(names = "--reset") boolean reset;

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("Name", name);
      if (cpus != null) {
        p.put("Cpu", cpus.toString());
      }
      if (memory != null) {
        p.put("Memory", memory.toString());
      }
      if (disk != null) {
        p.put("Disk", disk.toString());
      }
      if (reset) {
        p.put("Reset", "true");
      }
      String resp = credentials.client().call("ModifyInstanceTypeAttribute", p);
      org.w3c.dom.Element type = Ec2QueryClient.blocks(resp, "instanceType").get(0);
      System.out.println("INSTANCETYPE\t" + Ec2QueryClient.element(type, "name") + "\t"
          + Ec2QueryClient.element(type, "cpu") + "\t" + Ec2QueryClient.element(type, "memory") + "\t"
          + Ec2QueryClient.element(type, "disk"));
      return 0;
    }
  }

  @Command(name = "describe-properties", mixinStandardHelpOptions = true,
      description = "List cloud properties (those starting with the given prefixes, or all).")
  static final class DescribeProperties implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @CommandLine.Parameters(arity = "0..*", description = "property names or prefixes")
    List<String> prefixes = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      for (int i = 0; i < prefixes.size(); i++) {
        p.put("Property." + (i + 1), prefixes.get(i));
      }
      String resp = credentials.client().forService("/services/Properties").call("DescribeProperties", p);
      List<String> names = Ec2QueryClient.elements(resp, "name");
      List<String> values = Ec2QueryClient.elements(resp, "value");
      for (int i = 0; i < names.size(); i++) {
        System.out.println("PROPERTY\t" + names.get(i) + "\t" + values.get(i));
      }
      return 0;
    }
  }

  @Command(name = "modify-property", mixinStandardHelpOptions = true,
      description = "Change a cloud property (-p NAME=VALUE) or reset it to its default (-r NAME).")
  static final class ModifyProperty implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @CommandLine.ArgGroup(multiplicity = "1")
    Change change;

    static final class Change {
      @Option(names = {"-p", "--property"}, description = "NAME=VALUE") String set;
      @Option(names = {"-r", "--reset"}, description = "NAME") String reset;
    }

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      if (change.set != null) {
        int eq = change.set.indexOf('=');
        if (eq <= 0) {
          System.err.println("euca-admin: -p takes NAME=VALUE");
          return 2;
        }
        p.put("Name", change.set.substring(0, eq));
        p.put("Value", change.set.substring(eq + 1));
      } else {
        p.put("Name", change.reset);
        p.put("Reset", "true");
      }
      String resp = credentials.client().forService("/services/Properties").call("ModifyPropertyValue", p);
      System.out.println("PROPERTY\t" + Ec2QueryClient.element(resp, "name") + "\t"
          + Ec2QueryClient.element(resp, "value") + " was " + Ec2QueryClient.element(resp, "oldValue"));
      return 0;
    }
  }

  @Command(name = "create-account", mixinStandardHelpOptions = true,
      description = "Create an account (with its admin user); prints its name and number.")
  static final class CreateAccount implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @CommandLine.Parameters(index = "0", description = "account name") String name;

    @Override
    public Integer call() throws Exception {
      String resp = credentials.client().euare().call("CreateAccount", Map.of("AccountName", name));
      System.out.println("ACCOUNT\t" + Ec2QueryClient.element(resp, "AccountName") + "\t"
          + Ec2QueryClient.element(resp, "AccountId"));
      return 0;
    }
  }

  @Command(name = "list-accounts", mixinStandardHelpOptions = true, description = "List the cloud's accounts.")
  static final class ListAccounts implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @Override
    public Integer call() throws Exception {
      String resp = credentials.client().euare().call("ListAccounts", Map.of());
      List<String> names = Ec2QueryClient.elements(resp, "AccountName");
      List<String> ids = Ec2QueryClient.elements(resp, "AccountId");
      for (int i = 0; i < names.size(); i++) {
        System.out.println("ACCOUNT\t" + names.get(i) + "\t" + ids.get(i));
      }
      return 0;
    }
  }

  @Command(name = "set-addresses", mixinStandardHelpOptions = true,
      description = "Set a cluster's public address pool: addresses and ranges a.b.c.d-a.b.c.e.")
  static final class SetAddresses implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

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

  @Command(name = "issue-credentials", mixinStandardHelpOptions = true,
      description = "Issue a component host its key pair and certificate from the cloud CA, into DIR as"
          + " <role>-cert.pem and <role>-pk.pem (with cloud-cert.pem), where that component reads them.")
  static final class IssueCredentials implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

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
    @CommandLine.Mixin Credentials credentials = new Credentials();

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
    @CommandLine.Mixin Credentials credentials = new Credentials();

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
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @Option(names = "--cluster", required = true, description = "cluster (availability zone) name") String cluster;

    @Override
    public Integer call() throws Exception {
      printNodes(cluster, credentials.configuration()
          .call("DescribeNodes", Map.of("ClusterName", cluster)));
      return 0;
    }
  }

  @Command(name = "register-cluster", mixinStandardHelpOptions = true,
      description = "Register a cluster controller as an availability zone (euca_conf --register-cluster).")
  static final class RegisterCluster implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

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

  @Command(name = "register-walrus", mixinStandardHelpOptions = true,
      description = "Register Walrus on a host of its own (euca_conf --register-walrus); prints its URL.")
  static final class RegisterWalrus implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

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

  @Command(name = "deregister-cluster", mixinStandardHelpOptions = true,
      description = "Remove a cluster (refused while it has instances).")
  static final class DeregisterCluster implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @CommandLine.Parameters(index = "0", description = "cluster (availability zone) name") String name;

    @Override
    public Integer call() throws Exception {
      credentials.configuration().call("DeregisterCluster", Map.of("Name", name));
      System.out.println("DEREGISTERED\t" + name);
      return 0;
    }
  }

  /** The items of DescribeServices: type, name, partition, state, URL, reason. */
  static List<String[]> services(Credentials credentials) throws Exception {
    String resp = credentials.configuration().call("DescribeServices", Map.of());
    List<String[]> out = new java.util.ArrayList<>();
    for (org.w3c.dom.Element item : Ec2QueryClient.blocks(resp, "item")) {
      out.add(new String[] {Ec2QueryClient.element(item, "serviceType"), Ec2QueryClient.element(item, "serviceName"),
          Ec2QueryClient.element(item, "partition"), Ec2QueryClient.element(item, "localState"),
          Ec2QueryClient.element(item, "serviceUrl"), Ec2QueryClient.element(item, "reason")});
    }
    return out;
  }

  @Command(name = "list-clusters", mixinStandardHelpOptions = true,
      description = "List the registered clusters: name, state, URL (and why, when not ENABLED).")
  static final class ListClusters implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

    @Override
    public Integer call() throws Exception {
      for (String[] s : services(credentials)) {
        if (s[0].equals("cluster")) {
          System.out.println(String.join("\t", "CLUSTER", s[1], s[3], s[4]) + (s[5] == null || s[5].isEmpty() ? ""
              : "\t" + s[5]));
        }
      }
      return 0;
    }
  }

  @Command(name = "describe-services", mixinStandardHelpOptions = true,
      description = "Every component and its state (ENABLED, DISABLED, NOTREADY, and why), as euca-describe-services.")
  static final class DescribeServices implements Callable<Integer> {
    @CommandLine.Mixin Credentials credentials = new Credentials();

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

  /** Runs a command line and returns its exit status; service errors become one line on stderr. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new EucaAdmin());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof Ec2QueryClient.ServiceError se) {
        System.err.println("euca-admin: " + se.code() + ": " + se.getMessage());
        return 1;
      }
      if (e instanceof java.net.ConnectException) {
        System.err.println("euca-admin: cannot reach the cloud controller: " + e.getMessage());
        return 1;
      }
      System.err.println("euca-admin: " + e);
      return 1;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
