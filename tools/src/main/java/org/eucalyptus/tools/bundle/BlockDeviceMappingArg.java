package org.eucalyptus.tools.bundle;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * euca-register's {@code -b DEVICE=MAPPED}, as EC2 Query parameters under one
 * {@code BlockDeviceMapping.N.}: MAPPED is {@code none}, {@code ephemeralN}, or
 * {@code [SNAP-ID]:[GiB]:[true|false]:[standard|TYPE[:IOPS]]}.
 */
final class BlockDeviceMappingArg {
  private BlockDeviceMappingArg() {}

  static Map<String, String> parse(CommandSpec spec, String arg) {
    String[] dm = arg.split("=", -1);
    if (dm.length != 2 || dm[0].isEmpty()) {
      throw ImageTools.usage(spec, "-b: block device mapping '" + arg + "' must have form DEVICE=MAPPED");
    }
    String device = dm[0];
    String mapped = dm[1];
    Map<String, String> m = new LinkedHashMap<>();
    m.put("DeviceName", device);
    if (mapped.equalsIgnoreCase("none")) {
      m.put("NoDevice", "true");
    } else if (mapped.startsWith("ephemeral")) {
      m.put("VirtualName", mapped);
    } else if (mapped.startsWith("snap-") || mapped.startsWith("vol-") || mapped.startsWith(":")) {
      String[] bits = mapped.split(":", -1);
      if (bits.length > 5) {
        throw ImageTools.usage(spec, "-b: EBS block device mapping '" + arg
            + "' must have form DEVICE=[SNAP-ID]:[GiB]:[true|false]:[standard|TYPE[:IOPS]]");
      }
      String[] b = java.util.Arrays.copyOf(bits, 5);
      int before = m.size();
      if (!isEmpty(b[0])) {
        m.put("Ebs.SnapshotId", b[0]);
      }
      if (!isEmpty(b[1])) {
        if (!b[1].matches("[0-9]+")) {
          throw ImageTools.usage(spec, "-b: the second element of '" + arg + "' must be a size in GiB");
        }
        m.put("Ebs.VolumeSize", b[1]);
      }
      if (!isEmpty(b[2])) {
        if (!b[2].equalsIgnoreCase("true") && !b[2].equalsIgnoreCase("false")) {
          throw ImageTools.usage(spec, "-b: the third element of '" + arg + "' must be true or false");
        }
        m.put("Ebs.DeleteOnTermination", b[2].toLowerCase(java.util.Locale.ROOT));
      }
      if (!isEmpty(b[3])) {
        m.put("Ebs.VolumeType", b[3]);
      }
      if (!isEmpty(b[4])) {
        if ("standard".equals(b[3])) {
          throw ImageTools.usage(spec, "-b: IOPS in '" + arg + "' are not allowed with volume type standard");
        }
        m.put("Ebs.Iops", b[4]);
      }
      if (m.size() == before) {
        throw ImageTools.usage(spec, "-b: EBS block device mapping '" + arg + "' must specify at least one element;"
            + " use " + device + "=none to suppress a mapping");
      }
    } else {
      throw ImageTools.usage(spec, "-b: invalid block device mapping '" + arg + "'"
          + (mapped.isEmpty() ? "; use " + device + "=none to suppress a mapping" : ""));
    }
    return m;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
