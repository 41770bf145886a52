package org.eucalyptus.tools.bundle;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.eucalyptus.tools.admin.Ec2QueryClient;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The image commands a user runs, with euca2ools 3's names and flags: {@code euca-bundle-image},
 * {@code euca-upload-bundle}, {@code euca-register}, {@code euca-download-bundle},
 * {@code euca-unbundle} and {@code euca-delete-bundle}. The first argument names the command; the
 * scripts in {@code tools/bin/} pass it. Exit status: 0 done, 1 failed (one line on standard
 * error saying why), 2 bad usage (the mistake and the usage).
 */
public final class ImageTools {
  private static final Map<String, Supplier<Callable<Integer>>> COMMANDS = new TreeMap<>(Map.of(
      "euca-bundle-image", BundleImage::new,
      "euca-upload-bundle", UploadBundle::new,
      "euca-register", RegisterImage::new,
      "euca-download-bundle", DownloadBundle::new,
      "euca-unbundle", Unbundle::new,
      "euca-delete-bundle", DeleteBundle::new));

  private ImageTools() {}

  /** Runs a command and returns its exit status (0 done, 1 failed, 2 bad usage). */
  public static int run(String command, String... args) {
    Supplier<Callable<Integer>> c = COMMANDS.get(command);
    if (c == null) {
      System.err.println("unknown command " + command + "; one of " + COMMANDS.keySet());
      return 2;
    }
    CommandLine cl = new CommandLine(c.get());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      System.err.println(command + ": " + why(e));
      return 1;
    });
    return cl.execute(args);
  }

  /** The one line a failure is reported with: the service's error code and message, or ours. */
  static String why(Exception e) {
    if (e instanceof ToolFailure || e instanceof UserSettings.MissingSettingException) {
      return e.getMessage();
    }
    if (e instanceof S3Client.S3Error s3) {
      return s3.code + ": " + s3.getMessage();
    }
    if (e instanceof Ec2QueryClient.ServiceError ec2) {
      return ec2.code() + ": " + ec2.getMessage();
    }
    if (e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException) {
      return "cannot connect to the service (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); check -U or the URL in your eucarc";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  static int fail(String command, String message) {
    System.err.println(command + ": " + message);
    return 1;
  }

  /** A mistake in the command line found after parsing: reported with the usage, exit status 2. */
  static CommandLine.ParameterException usage(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: ImageTools COMMAND [ARGS]; COMMAND is one of " + COMMANDS.keySet());
      System.exit(2);
    }
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    System.exit(run(args[0], rest));
  }
}
