package org.eucalyptus.sc.api;

import java.util.regex.Pattern;

/** The ids a request names, checked before anything uses them (a volume id becomes a file name). */
final class ScIds {
  private static final Pattern VOLUME = Pattern.compile("vol-[0-9a-f]{8,17}");
  private static final Pattern SNAPSHOT = Pattern.compile("snap-[0-9a-f]{8,17}");
  private static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8,17}");

  private ScIds() {}

  static String volume(String id) throws ScException {
    return check(VOLUME, "volumeId", "vol-", id);
  }

  static String snapshot(String id) throws ScException {
    return check(SNAPSHOT, "snapshotId", "snap-", id);
  }

  static String instance(String id) throws ScException {
    return check(INSTANCE, "instanceId", "i-", id);
  }

  private static String check(Pattern p, String what, String prefix, String id) throws ScException {
    if (id == null || id.isBlank()) {
      throw ScException.invalid(what + " is required");
    }
    if (!p.matcher(id).matches()) {
      throw ScException.invalid(what + " must be " + prefix + " and 8 to 17 hex digits, not '"
          + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'");
    }
    return id;
  }
}
