package org.eucalyptus.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The settings of one host, read from an {@code eucalyptus.conf} file: shell-style {@code KEY="value"}
 * lines, as the original's init scripts and C daemons read it. Immutable; overrides make a new one.
 * Only the components' settings readers ({@code ClcSettings}, {@code WalrusSettings},
 * {@code ClusterSettings}, {@code NodeSettings}) look keys up; the typed getters here refuse a bad
 * value with a sentence naming its key. An empty value is the same as an absent key.
 */
public final class EucaConf {
  private final Map<String, String> values;
  /** Told of every key looked up (the documentation test collects what the readers read). */
  private final Consumer<String> onRead;

  private EucaConf(Map<String, String> values) {
    this(values, key -> { });
  }

  private EucaConf(Map<String, String> values, Consumer<String> onRead) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.onRead = onRead;
  }

  /** The same settings, telling {@code onRead} the name of every key looked up from now on. */
  public EucaConf watched(Consumer<String> onRead) {
    return new EucaConf(values, onRead);
  }

  public static EucaConf empty() {
    return new EucaConf(Map.of());
  }

  public static EucaConf of(Map<String, String> values) {
    return new EucaConf(values);
  }

  public static EucaConf load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses {@code KEY=value}, {@code KEY="value"} and {@code KEY='value'} lines; {@code #} starts a comment. */
  public static EucaConf parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int lineNo = 0;
    for (String raw : text.split("\n", -1)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("eucalyptus.conf line " + lineNo + ": expected KEY=\"value\": " + raw);
      }
      String key = line.substring(0, eq).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("eucalyptus.conf line " + lineNo + ": bad key '" + key + "'");
      }
      out.put(key, unquote(line.substring(eq + 1).strip(), lineNo));
    }
    return new EucaConf(out);
  }

  private static String unquote(String v, int lineNo) {
    if (v.isEmpty()) {
      return v;
    }
    char q = v.charAt(0);
    if (q == '"' || q == '\'') {
      int end = v.indexOf(q, 1);
      if (end < 0) {
        throw new IllegalArgumentException("eucalyptus.conf line " + lineNo + ": unterminated quote");
      }
      return v.substring(1, end);
    }
    int hash = v.indexOf(" #");
    return hash >= 0 ? v.substring(0, hash).strip() : v;
  }

  /** A copy with {@code overrides} taking precedence. */
  public EucaConf with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(overrides);
    return new EucaConf(merged, onRead);
  }

  public EucaConf with(String key, String value) {
    return with(Map.of(key, value));
  }

  public Optional<String> get(String key) {
    onRead.accept(key);
    String v = values.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public int getInt(String key, int defaultValue) {
    return get(key).map(v -> parseInt(key, v)).orElse(defaultValue);
  }

  public long getLong(String key, long defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.get().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, not '" + v.get() + "'");
    }
  }

  /** A port to listen on or to call: 1-65535, or 0 where the component picks any free port. */
  public int port(String key, int defaultValue) {
    return optionalPort(key).orElse(defaultValue);
  }

  /** A port, or empty when the key is not set. */
  public Optional<Integer> optionalPort(String key) {
    return get(key).map(v -> {
      try {
        int p = Integer.parseInt(v.strip());
        if (p >= 0 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // refused below, with the key's name
      }
      throw new IllegalArgumentException(key + " must be a port number 1-65535 (or 0: any free port), not '" + v + "'");
    });
  }

  /** A whole number of at least {@code min}. */
  public int intAtLeast(String key, int defaultValue, int min) {
    int v = getInt(key, defaultValue);
    if (v < min) {
      throw new IllegalArgumentException(key + " must be a whole number of at least " + min + ", not '"
          + get(key).orElse(String.valueOf(v)) + "'");
    }
    return v;
  }

  /** As {@link #intAtLeast}, for a long. */
  public long longAtLeast(String key, long defaultValue, long min) {
    long v = getLong(key, defaultValue);
    if (v < min) {
      throw new IllegalArgumentException(key + " must be a whole number of at least " + min + ", not '"
          + get(key).orElse(String.valueOf(v)) + "'");
    }
    return v;
  }

  /** A number of seconds of at least {@code minSeconds}. */
  public java.time.Duration seconds(String key, long defaultSeconds, long minSeconds) {
    return java.time.Duration.ofSeconds(longAtLeast(key, defaultSeconds, minSeconds));
  }

  /** Y or N (in either case). */
  public boolean yesNo(String key, boolean defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String s = v.get().strip();
    if (s.equalsIgnoreCase("Y")) {
      return true;
    }
    if (s.equalsIgnoreCase("N")) {
      return false;
    }
    throw new IllegalArgumentException(key + " must be Y or N, not '" + v.get() + "'");
  }

  /** One of {@code allowed} (matched in either case, answered as {@code allowed} spells it). */
  public String oneOf(String key, String defaultValue, java.util.List<String> allowed) {
    String v = get(key, defaultValue).strip();
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    throw new IllegalArgumentException(key + " must be " + String.join(" or ", allowed) + ", not '" + v + "'");
  }

  /** A directory or file; relative paths are taken from the working directory, as the JVM does. */
  public java.nio.file.Path path(String key, String defaultValue) {
    String v = get(key, defaultValue);
    try {
      return java.nio.file.Path.of(v);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException(key + " must be a path, not '" + v + "'");
    }
  }

  /** The root of the installation (EUCALYPTUS, default "/"), under which the default directories are. */
  public String home() {
    return get("EUCALYPTUS", "/");
  }

  /** {@code ip netns exec NS} when {@code key} names a network namespace to run in; empty otherwise. */
  public java.util.List<String> netnsPrefix(String key) {
    return get(key).map(ns -> java.util.List.of("ip", "netns", "exec", ns)).orElse(java.util.List.of());
  }

  private static int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
    }
  }

  public Map<String, String> asMap() {
    return values;
  }
}
