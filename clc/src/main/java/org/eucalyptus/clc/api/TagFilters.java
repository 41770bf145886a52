package org.eucalyptus.clc.api;

import java.util.List;
import java.util.Map;

/** The tag filters every describe takes: {@code tag:Key}, {@code tag-key} and {@code tag-value}. */
public final class TagFilters {
  private TagFilters() {}

  public static boolean isTagFilter(String name) {
    return name.startsWith("tag:") || name.equals("tag-key") || name.equals("tag-value");
  }

  /** Whether a resource with these tags passes every tag filter among {@code filters}. */
  public static boolean matches(Map<String, List<String>> filters, Map<String, String> tags) {
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      String name = f.getKey();
      boolean ok;
      if (name.startsWith("tag:")) {
        String v = tags.get(name.substring(4));
        ok = v != null && Glob.matchesAny(f.getValue(), v);
      } else if (name.equals("tag-key")) {
        ok = tags.keySet().stream().anyMatch(k -> Glob.matchesAny(f.getValue(), k));
      } else if (name.equals("tag-value")) {
        ok = tags.values().stream().anyMatch(v -> Glob.matchesAny(f.getValue(), v));
      } else {
        continue;
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
