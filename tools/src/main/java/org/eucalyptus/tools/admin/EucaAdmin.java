package org.eucalyptus.tools.admin;

import org.eucalyptus.common.credentials.EucarcFile;
import java.net.URI;
import java.nio.file.Path;
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
    subcommands = {ImageCommands.RegisterImage.class, ImageCommands.ModifyInstanceType.class,
        PropertyCommands.DescribeProperties.class, PropertyCommands.ModifyProperty.class,
        AccountCommands.CreateAccount.class, AccountCommands.ListAccounts.class, GetCredentials.class,
        ClusterCommands.SetAddresses.class, ComponentCommands.IssueCredentials.class, NodeCommands.RegisterNodes.class,
        NodeCommands.DeregisterNodes.class, NodeCommands.ListNodes.class, ClusterCommands.RegisterCluster.class,
        ClusterCommands.DeregisterCluster.class, ClusterCommands.ListClusters.class,
        ComponentCommands.DescribeServices.class, ComponentCommands.RegisterWalrus.class,
        StorageCommands.RegisterSc.class, StorageCommands.DeregisterSc.class, StorageCommands.ListScs.class,
        ReportCommand.class})
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
      // HTTPS URLs: the cloud's certificate is trusted through the CA bundle the eucarc names.
      return new Ec2QueryClient(URI.create(url), ak, sk, env.getOrDefault("AWS_DEFAULT_REGION", "eucalyptus"),
          org.eucalyptus.common.http.ClientTrust.caBundle(env));
    }

    /** The cloud's Configuration service (components, registration, credentials). */
    Ec2QueryClient configuration() throws Exception {
      return client().forService("/services/Configuration");
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
      if (e instanceof javax.net.ssl.SSLException) {
        System.err.println("euca-admin: the cloud's HTTPS certificate is not trusted or does not match its address ("
            + e.getMessage() + "); name its CA file in AWS_CA_BUNDLE or EUCALYPTUS_CERT");
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
