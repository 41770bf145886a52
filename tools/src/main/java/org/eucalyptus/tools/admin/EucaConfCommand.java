package org.eucalyptus.tools.admin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code euca_conf}: Eucalyptus 3.1's registration tool, with its flags, run against the cloud
 * controller (not by editing files on each host): each action becomes the euca-admin command that
 * does it. Nodes go to the cluster named by {@code --partition}, or to the only cluster there is.
 */
@Command(name = "euca_conf", mixinStandardHelpOptions = true, version = "euca_conf 0.1",
    description = "Register and list the cloud's clusters, nodes and storage controllers, and fetch credentials"
        + " (Eucalyptus 3.1's flags).")
public final class EucaConfCommand implements Callable<Integer> {
  @CommandLine.ArgGroup(multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "--register-cluster", description = "register a cluster controller (--partition, --host)")
    boolean registerCluster;

    @Option(names = "--deregister-cluster", description = "deregister a cluster (--partition)")
    boolean deregisterCluster;

    @Option(names = "--list-clusters", description = "list the clusters and their state")
    boolean listClusters;

    @Option(names = "--register-nodes", paramLabel = "\"HOST ...\"", description = "add node controllers to a cluster")
    String registerNodes;

    @Option(names = "--deregister-nodes", paramLabel = "\"HOST ...\"", description = "remove node controllers")
    String deregisterNodes;

    @Option(names = "--list-nodes", description = "list a cluster's nodes")
    boolean listNodes;

    @Option(names = "--list-walruses", description = "list Walrus and its state")
    boolean listWalruses;

    @Option(names = "--list-services", description = "every component and its state")
    boolean listServices;

    @Option(names = "--get-credentials", paramLabel = "ZIP", description = "write a credentials zip")
    Path credentials;

    @Option(names = "--register-walrus", description = "register Walrus on a host of its own (--host, --port)")
    boolean registerWalrus;

    @Option(names = "--register-sc", description = "register a zone's storage controller (--partition, --host)")
    boolean registerSc;

    @Option(names = "--deregister-sc", description = "deregister a storage controller (--partition or --component)")
    boolean deregisterSc;

    @Option(names = "--list-scs", description = "list the storage controllers and their state")
    boolean listScs;
  }

  @Option(names = {"--partition", "-P"}, description = "the cluster (availability zone) name")
  String partition;

  @Option(names = {"--host", "-H"}, description = "the component's host")
  String host;

  @Option(names = {"--component", "-C"}, description = "the component's name (the partition's, when omitted)")
  String component;

  @Option(names = "--port", description = "the component's port (default 8774 for a cluster, 8773 for Walrus,"
      + " 8776 for a storage controller)")
  Integer port;

  @Option(names = "--sc-port", description = "the storage controller's port (3.1's flag; as --port)")
  Integer scPort;

  @Option(names = "--cred-account", defaultValue = "eucalyptus") String account;

  @Option(names = "--cred-user", defaultValue = "admin") String user;

  @Option(names = "--eucarc", description = "eucarc to read credentials from (default: the environment)")
  Path eucarc;

  @Override
  public Integer call() throws Exception {
    List<String> auth = eucarc == null ? List.of() : List.of("--eucarc", eucarc.toString());
    if (action.registerCluster) {
      String name = partition != null ? partition : component;
      if (name == null || host == null) {
        return usage("--register-cluster needs --partition NAME and --host HOST");
      }
      List<String> args = new ArrayList<>(List.of("register-cluster", name, host));
      if (port != null) {
        args.addAll(List.of("--port", String.valueOf(port)));
      }
      return admin(args, auth);
    }
    if (action.deregisterCluster) {
      String name = partition != null ? partition : component;
      return name == null ? usage("--deregister-cluster needs --partition NAME")
          : admin(List.of("deregister-cluster", name), auth);
    }
    if (action.listClusters) {
      return admin(List.of("list-clusters"), auth);
    }
    if (action.listServices) {
      return admin(List.of("describe-services"), auth);
    }
    if (action.listWalruses) {
      return admin(List.of("describe-services"), auth, "SERVICE\twalrus\t");
    }
    if (action.credentials != null) {
      return admin(List.of("get-credentials", action.credentials.toString(), "--cred-account", account, "--cred-user",
          user), auth);
    }
    if (action.registerWalrus) {
      if (host == null) {
        return usage("--register-walrus needs --host HOST (eucalyptus-cloud serves a Walrus of its own without one)");
      }
      List<String> args = new ArrayList<>(List.of("register-walrus", host));
      if (port != null) {
        args.addAll(List.of("--port", String.valueOf(port)));
      }
      return admin(args, auth);
    }
    if (action.registerSc || action.deregisterSc || action.listScs) {
      return storage(auth);
    }
    String cluster = partition;
    if (cluster == null) {
      cluster = onlyCluster(auth);
      if (cluster == null) {
        return usage("name the cluster with --partition NAME (there is not exactly one)");
      }
    }
    if (action.listNodes) {
      return admin(List.of("list-nodes", "--cluster", cluster), auth);
    }
    String hosts = action.registerNodes != null ? action.registerNodes : action.deregisterNodes;
    List<String> args = new ArrayList<>(List.of(action.registerNodes != null ? "register-nodes" : "deregister-nodes",
        "--cluster", cluster));
    for (String h : hosts.trim().split("[\\s,]+")) {
      if (!h.isEmpty()) {
        args.add(h);
      }
    }
    return admin(args, auth);
  }

  /** --register-sc, --deregister-sc, --list-scs: the storage controller of a zone (--partition). */
  private int storage(List<String> auth) {
    if (action.listScs) {
      return admin(List.of("list-scs"), auth);
    }
    if (action.deregisterSc) {
      if (component != null) {
        return admin(List.of("deregister-sc", component), auth);
      }
      return partition == null ? usage("--deregister-sc needs --partition ZONE (or --component NAME)")
          : admin(List.of("deregister-sc", "--partition", partition), auth);
    }
    if (partition == null || host == null) {
      return usage("--register-sc needs --partition ZONE and --host HOST");
    }
    List<String> args = new ArrayList<>(List.of("register-sc", partition, host));
    Integer p = scPort != null ? scPort : port;
    if (p != null) {
      args.addAll(List.of("--port", String.valueOf(p)));
    }
    if (component != null) {
      args.addAll(List.of("--name", component));
    }
    return admin(args, auth);
  }

  private static int usage(String why) {
    System.err.println("euca_conf: " + why);
    return 2;
  }

  private static int admin(List<String> args, List<String> auth) {
    return admin(args, auth, null);
  }

  /** Runs the euca-admin command; with {@code onlyPrefix}, prints only its lines that start so. */
  private static int admin(List<String> args, List<String> auth, String onlyPrefix) {
    List<String> all = new ArrayList<>(args);
    all.addAll(auth);
    if (onlyPrefix == null) {
      return EucaAdmin.run(all.toArray(String[]::new));
    }
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    int rc;
    try {
      System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      rc = EucaAdmin.run(all.toArray(String[]::new));
    } finally {
      System.setOut(old);
    }
    buf.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(onlyPrefix))
        .forEach(System.out::println);
    return rc;
  }

  /** The name of the only registered cluster, or null. */
  private static String onlyCluster(List<String> auth) {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    try {
      System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      List<String> all = new ArrayList<>(List.of("list-clusters"));
      all.addAll(auth);
      if (EucaAdmin.run(all.toArray(String[]::new)) != 0) {
        return null;
      }
    } finally {
      System.setOut(old);
    }
    List<String> names = buf.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("CLUSTER\t")).map(l -> l.split("\t")[1]).toList();
    return names.size() == 1 ? names.get(0) : null;
  }

  public static int run(String... args) {
    return new CommandLine(new EucaConfCommand()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
