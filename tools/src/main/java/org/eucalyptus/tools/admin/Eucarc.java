package org.eucalyptus.tools.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the settings of an {@code eucarc} (the {@code export NAME=value} lines), or the environment. */
public final class Eucarc {
  private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Z0-9_]+)=['\"]?([^'\"]*)['\"]?\\s*$");

  private Eucarc() {}

  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(line);
      if (m.matches() && !m.group(2).contains("$")) {
        out.put(m.group(1), m.group(2));
      }
    }
    return out;
  }

  /** Settings from {@code file} if given, else from the environment (as after {@code source eucarc}). */
  public static Map<String, String> load(Path file) throws IOException {
    return file != null ? read(file) : System.getenv();
  }
}
