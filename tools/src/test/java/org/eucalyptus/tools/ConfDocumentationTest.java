package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.cc.ClusterSettings;
import org.eucalyptus.clc.ClcSettings;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeSettings;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/**
 * etc/eucalyptus/eucalyptus.conf and the components' settings readers agree both ways: every key a
 * reader reads is documented there, and every key documented there is read by some component (or
 * marked "(init scripts)": read by the init scripts or shell tools only).
 */
@UnitTest
class ConfDocumentationTest {
  private static final Pattern ASSIGNMENT = Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
  static final String SCRIPTS_ONLY = "(init scripts)";

  @Test
  void everyKeyReadIsDocumentedAndEveryDocumentedKeyIsRead() throws Exception {
    Map<String, String> documented = documented();
    Set<String> read = keysRead(EucaConf.empty());
    // Keys read only when another is set (a PostgreSQL database's user, password and pool).
    read.addAll(keysRead(EucaConf.of(Map.of("CLC_DB_URL", "jdbc:postgresql://db/eucalyptus"))));

    Set<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(documented.keySet());
    assertThat(undocumented).as("keys the settings readers read that eucalyptus.conf does not document").isEmpty();

    Set<String> unread = new TreeSet<>();
    documented.forEach((key, line) -> {
      if (!read.contains(key) && !line.contains(SCRIPTS_ONLY)) {
        unread.add(key);
      }
    });
    assertThat(unread).as("keys eucalyptus.conf documents that no component reads (mark a script's own "
        + SCRIPTS_ONLY + ")").isEmpty();
  }

  @Test
  void everyKeyHasAComment() throws Exception {
    Set<String> bare = new TreeSet<>();
    documented().forEach((key, line) -> {
      if (!line.contains("#")) {
        bare.add(key);
      }
    });
    assertThat(bare).as("keys eucalyptus.conf assigns without a word on what they are").isEmpty();
  }

  @Test
  void theDocumentedValuesAreValidSettings() throws Exception {
    // The file as shipped (its defaults) starts every component: no reader refuses what it documents.
    EucaConf shipped = EucaConf.load(confFile());
    ClcSettings clc = ClcSettings.from(shipped);
    CloudMain.walrusSettings(shipped, clc);
    org.eucalyptus.walrus.WalrusSettings.from(shipped);
    ClusterSettings.from(shipped);
    NodeSettings.from(shipped);
    org.eucalyptus.sc.ScSettings.from(shipped); // the storage controller's (issue 19, sc)
  }

  /** Every key a component's settings reader looks up, given {@code conf}. */
  static Set<String> keysRead(EucaConf conf) {
    Set<String> read = new TreeSet<>();
    EucaConf watched = conf.watched(read::add);
    ClcSettings clc = ClcSettings.from(watched);
    CloudMain.walrusSettings(watched, clc);
    org.eucalyptus.walrus.WalrusSettings.from(watched);
    ClusterSettings.from(watched);
    NodeSettings.from(watched);
    org.eucalyptus.sc.ScSettings.from(watched); // the storage controller's (issue 19, sc)
    return read;
  }

  /** The keys eucalyptus.conf assigns, each with its line (and the comment lines just below it). */
  static Map<String, String> documented() throws Exception {
    Map<String, String> out = new TreeMap<>();
    String last = null;
    for (String raw : Files.readAllLines(confFile())) {
      String line = raw.strip();
      Matcher m = ASSIGNMENT.matcher(line);
      if (m.matches()) {
        last = m.group(1);
        out.put(last, line);
      } else if (last != null && line.startsWith("#") && raw.startsWith(" ")) {
        out.merge(last, line, (a, b) -> a + " " + b); // a comment continued under its key
      } else {
        last = null;
      }
    }
    return out;
  }

  static Path confFile() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path f = dir.resolve("etc/eucalyptus/eucalyptus.conf");
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    throw new IllegalStateException("etc/eucalyptus/eucalyptus.conf is not above " + Path.of("").toAbsolutePath());
  }
}
