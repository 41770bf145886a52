package org.eucalyptus.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line every component's {@code main} takes: {@code --conf FILE} (an eucalyptus.conf,
 * default {@code $EUCALYPTUS/etc/eucalyptus/eucalyptus.conf} when that exists) and any number of
 * {@code --set KEY=VALUE} overrides.
 */
public final class ComponentArgs {
  private ComponentArgs() {}

  public static EucaConf parse(String[] args) throws IOException {
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
      } else {
        throw new IllegalArgumentException("unknown argument '" + a + "' (use --conf FILE and --set KEY=VALUE)");
      }
    }
    if (conf == null) {
      String home = System.getenv("EUCALYPTUS");
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
    EucaConf conf;
    try {
      conf = parse(args);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println(component + ": " + e.getMessage());
      System.exit(2);
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
