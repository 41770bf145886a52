package org.eucalyptus.sc.volumes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The logical volumes {@code lvs --noheadings --units b --nosuffix --separator '|' -o
 * lv_name,lv_attr,lv_size,lv_tags VG} prints, one a line, e.g.
 * {@code   vol-1a2b3c4d|-wi-ao----|1073741824|eucalyptus-volume}; tags are comma-separated.
 */
final class LvsListing {
  private LvsListing() {}

  /** One logical volume. */
  record LogicalVolume(String name, String attributes, long bytes, Set<String> tags) {
    /** lv_attr's first character: {@code s} a snapshot, {@code S} one that filled up (invalid). */
    boolean snapshot() {
      return !attributes.isEmpty() && (attributes.charAt(0) == 's' || attributes.charAt(0) == 'S');
    }
  }

  static List<LogicalVolume> parse(String output) {
    List<LogicalVolume> volumes = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.strip().split(Pattern.quote(LvmCommands.LIST_SEPARATOR), -1);
      if (fields.length != 4) {
        throw new IllegalArgumentException("not an lvs line of name|attributes|size|tags: " + line.strip());
      }
      long bytes;
      try {
        bytes = Long.parseLong(fields[2].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a size in bytes in lvs line: " + line.strip(), e);
      }
      Set<String> tags = Set.copyOf(Arrays.stream(fields[3].strip().split(",")).map(String::strip)
          .filter(t -> !t.isEmpty()).toList());
      volumes.add(new LogicalVolume(fields[0].strip(), fields[1].strip(), bytes, tags));
    }
    return volumes;
  }
}
