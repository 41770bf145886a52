package org.eucalyptus.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one host, read from an {@code eucalyptus.conf} file: shell-style {@code KEY="value"}
 * lines, as the original's init scripts and C daemons read it. Immutable; overrides make a new one.
 */
public final class EucaConf {
  private final Map<String, String> values;

  private EucaConf(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
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
    return new EucaConf(merged);
  }

  public EucaConf with(String key, String value) {
    return with(Map.of(key, value));
  }

  public Optional<String> get(String key) {
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
