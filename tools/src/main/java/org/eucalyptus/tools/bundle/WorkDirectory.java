package org.eucalyptus.tools.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where large work files go when the user names no directory: as euca2ools, $TMPDIR, $TEMP, $TMP or /var/tmp. */
final class WorkDirectory {
  private WorkDirectory() {}

  static Path base() {
    for (String name : new String[] {"TMPDIR", "TEMP", "TMP"}) {
      String v = System.getenv(name);
      if (v != null && !v.isEmpty()) {
        return Path.of(v);
      }
    }
    return Path.of("/var/tmp"); // not /tmp: often a small tmpfs, and images are large
  }

  /** A new directory under {@link #base()}, named {@code prefix} and random letters. */
  static Path create(String prefix) throws IOException {
    return Files.createTempDirectory(base(), prefix);
  }
}
