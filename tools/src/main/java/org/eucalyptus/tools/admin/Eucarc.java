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
    // Key files are named relative to the eucarc's own directory, as EUCA_KEY_DIR.
    String keyDir = file.toAbsolutePath().getParent().toString();
    for (String line : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String value = m.group(2).replace("${EUCA_KEY_DIR}", keyDir);
      if (!value.contains("$")) {
        out.put(m.group(1), value);
      }
    }
    return out;
  }

  /** Settings from {@code file} if given, else from the environment (as after {@code source eucarc}). */
  public static Map<String, String> load(Path file) throws IOException {
    return file != null ? read(file) : System.getenv();
  }
}
