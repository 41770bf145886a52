package org.eucalyptus.tools.bundle;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The image commands a user runs (euca2ools' names and flags): {@code euca-bundle-image},
 * {@code euca-upload-bundle}, {@code euca-register}. The first argument names the command; the
 * scripts in {@code tools/bin/} pass it.
 */
public final class ImageTools {
  private static final Map<String, Supplier<Callable<Integer>>> COMMANDS = Map.of(
      "euca-bundle-image", BundleImage::new,
      "euca-upload-bundle", UploadBundle::new,
      "euca-register", RegisterImage::new);

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
      String why = e instanceof UserSettings.MissingSettingException ? e.getMessage()
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      System.err.println(command + ": " + why);
      return 1;
    });
    return cl.execute(args);
  }

  static int fail(String command, String message) {
    System.err.println(command + ": " + message);
    return 1;
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
