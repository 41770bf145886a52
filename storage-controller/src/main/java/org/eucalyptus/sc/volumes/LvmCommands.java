package org.eucalyptus.sc.volumes;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The LVM (lvm2) and util-linux command lines the LVM backend runs in one volume group, built in one
 * place so their arguments are checked by tests on machines that cannot run LVM.
 */
final class LvmCommands {
  /** The tag on every volume this backend makes: the only logical volumes it lists or removes. */
  static final String VOLUME_TAG = "eucalyptus-volume";
  /** The tag on the snapshots taken as point-in-time copies. */
  static final String POINT_IN_TIME_TAG = "eucalyptus-point-in-time";
  static final String LIST_SEPARATOR = "|";
  /** lvm2's names: letters, digits and {@code + _ . -}, not starting with a hyphen, at most 127. */
  private static final Pattern LV_NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}");

  private final String volumeGroup;

  LvmCommands(String volumeGroup) {
    this.volumeGroup = checkedName(volumeGroup, "volume group");
  }

  String volumeGroup() {
    return volumeGroup;
  }

  /** The device node of logical volume {@code name} (udev's /dev/VG/LV link). */
  Path device(String name) {
    return Path.of("/dev", volumeGroup, checkedName(name, "logical volume"));
  }

  /**
   * A new logical volume of at least {@code bytes} (lvm2 rounds up to whole extents), old signatures
   * wiped; its first 4 KiB zeroed ({@code --zero y}), the rest by {@link #zeroOut}.
   */
  List<String> create(String name, long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a volume's size must be positive: " + bytes);
    }
    return List.of("lvcreate", "--yes", "--wipesignatures", "y", "--zero", "y", "--addtag", VOLUME_TAG,
        "--name", checkedName(name, "logical volume"), "--size", bytes + "b", volumeGroup);
  }

  /**
   * Writes zeros over the whole volume, so it never shows what an earlier one on the same extents
   * held (lvcreate's zeroing covers 4 KiB only); the kernel uses the device's write-zeroes or
   * discard-zeroes when it has them.
   */
  List<String> zeroOut(String name) {
    return List.of("blkdiscard", "--zeroout", device(name).toString());
  }

  /** Removes a logical volume (and a volume's snapshots with it) without asking. */
  List<String> remove(String name) {
    return List.of("lvremove", "--force", volumeGroup + "/" + checkedName(name, "logical volume"));
  }

  /** Every logical volume of the group: name, attributes, size in bytes, tags (see {@link LvsListing}). */
  List<String> list() {
    return List.of("lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", LIST_SEPARATOR,
        "-o", "lv_name,lv_attr,lv_size,lv_tags", volumeGroup);
  }

  /**
   * A snapshot {@code name} of volume {@code origin}, its copy-on-write space {@code cowPercent} of
   * the origin's size (100: it can take every block of the origin being rewritten, so it never fills
   * up and becomes invalid while it is read).
   */
  List<String> snapshot(String origin, String name, int cowPercent) {
    if (cowPercent < 1 || cowPercent > 100) {
      throw new IllegalArgumentException("a snapshot's space is 1 to 100 % of its origin: " + cowPercent);
    }
    return List.of("lvcreate", "--yes", "--snapshot", "--extents", cowPercent + "%ORIGIN", "--addtag",
        POINT_IN_TIME_TAG, "--name", checkedName(name, "logical volume"),
        volumeGroup + "/" + checkedName(origin, "logical volume"));
  }

  /** Writes the device's cached blocks out, so a snapshot taken next has every write that was done. */
  List<String> flush(Path device) {
    return List.of("blockdev", "--flushbufs", device.toString());
  }

  /** The size of a block device in bytes. */
  List<String> size(Path device) {
    return List.of("blockdev", "--getsize64", device.toString());
  }

  static String checkedName(String name, String what) {
    if (name == null || !LV_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("not a valid LVM " + what + " name: " + name);
    }
    return name;
  }
}
