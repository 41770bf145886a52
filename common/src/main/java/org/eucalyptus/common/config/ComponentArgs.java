package org.eucalyptus.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line every component's {@code main} takes: {@code --conf FILE} (an eucalyptus.conf,
 * default {@code $EUCALYPTUS/etc/eucalyptus/eucalyptus.conf} when that exists) and any number of
 * {@code --set KEY=VALUE} overrides; {@code --preflight} checks the host for what the component
 * needs (printing one line per problem, exit status 1 if there is any) instead of starting it.
 */
public final class ComponentArgs {
  private ComponentArgs() {}

  /** What a component checks on its host before it starts: one clear sentence per problem. */
  @FunctionalInterface
  public interface Preflight {
    java.util.List<String> problems(EucaConf conf);
  }

  public static EucaConf parse(String[] args) throws IOException {
    return parse(args, System.getenv());
  }

  /**
   * The settings, in this order of precedence: {@code --set KEY=VALUE}, then the file ({@code --conf},
   * else {@code $EUCALYPTUS/etc/eucalyptus/eucalyptus.conf} from {@code env} when that is readable), then
   * each reader's defaults. The environment only finds the file: the EUCALYPTUS key itself (the root
   * the default directories are under) comes from the file or {@code --set}, as the init scripts pass it.
   */
  public static EucaConf parse(String[] args, java.util.Map<String, String> env) throws IOException {
    Path conf = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--conf") || a.equals("-c")) && i + 1 < args.length) {
        conf = Path.of(args[++i]);
      } else if (a.equals("--set") && i + 1 < args.length) {
        String kv = args[++i];
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--set takes KEY=VALUE, not '" + kv + "'");
        }
        overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
      } else if (!a.equals("--preflight")) { // --preflight is run()'s
        throw new IllegalArgumentException("unknown argument '" + a
            + "' (use --conf FILE, --set KEY=VALUE and --preflight)");
      }
    }
    if (conf == null) {
      String home = env.get("EUCALYPTUS");
      Path dflt = Path.of(home == null || home.isEmpty() ? "/" : home, "etc/eucalyptus/eucalyptus.conf");
      if (Files.isReadable(dflt)) {
        conf = dflt;
      }
    }
    EucaConf base = conf == null ? EucaConf.empty() : EucaConf.load(conf);
    return base.with(overrides);
  }

  /** Runs {@code main} and turns a configuration mistake into one clear line and exit status 2. */
  public static void run(String component, String[] args, ThrowingConsumer<EucaConf> main) {
    run(component, args, c -> java.util.List.of(), main);
  }

  /** As {@link #run(String, String[], ThrowingConsumer)}, with {@code --preflight} running {@code preflight}. */
  public static void run(String component, String[] args, Preflight preflight, ThrowingConsumer<EucaConf> main) {
    EucaConf conf;
    try {
      conf = parse(args);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println(component + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    if (java.util.Arrays.asList(args).contains("--preflight")) {
      java.util.List<String> problems;
      try {
        problems = preflight.problems(conf);
      } catch (RuntimeException e) {
        problems = java.util.List.of("the checks themselves failed: " + e.getMessage());
      }
      problems.forEach(p -> System.out.println(component + ": " + p));
      System.exit(problems.isEmpty() ? 0 : 1);
      return;
    }
    try {
      main.accept(conf);
    } catch (IllegalArgumentException e) {
      System.err.println(component + ": " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println(component + ": failed to start: " + e.getMessage());
      if (System.getenv("EUCA_DEBUG") != null) {
        e.printStackTrace();
      }
      System.exit(1);
    }
  }

  @FunctionalInterface
  public interface ThrowingConsumer<T> {
    void accept(T t) throws Exception;
  }
}
