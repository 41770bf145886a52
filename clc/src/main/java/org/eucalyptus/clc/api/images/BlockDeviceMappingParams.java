package org.eucalyptus.clc.api.images;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.images.BlockDeviceMapping;

/**
 * Reads EC2's {@code BlockDeviceMapping.N.{DeviceName, Ebs.SnapshotId, Ebs.VolumeSize,
 * Ebs.DeleteOnTermination, VirtualName, NoDevice}} (RegisterImage's and RunInstances'), checking
 * each entry's shape: a device name, one of an EBS volume, a virtual name or NoDevice, sizes whole
 * GiB, snapshot ids well formed, no device named twice. A mapping of the wrong shape (its device
 * name missing or malformed, a device mapped twice, not exactly one of Ebs, VirtualName and
 * NoDevice, a virtual name not ephemeralN) is EC2's {@code InvalidBlockDeviceMapping}; a value
 * inside its Ebs (size, snapshot id) is refused as that parameter's.
 */
public final class BlockDeviceMappingParams {
  private static final String PREFIX = "BlockDeviceMapping.";

  private BlockDeviceMappingParams() {}

  public static List<BlockDeviceMapping> read(QueryRequest req) throws ApiException {
    Set<Integer> indexes = new TreeSet<>();
    for (String k : req.params().keySet()) {
      if (k.startsWith(PREFIX)) {
        String rest = k.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot > 0 && rest.substring(0, dot).matches("\\d{1,3}")) {
          indexes.add(Integer.parseInt(rest.substring(0, dot)));
        }
      }
    }
    List<BlockDeviceMapping> out = new ArrayList<>();
    Set<String> devices = new HashSet<>();
    for (int n : indexes) {
      String p = PREFIX + n + ".";
      String device = req.param(p + "DeviceName");
      if (device == null || device.isEmpty()) {
        throw invalidMapping("Missing device name in " + p + "DeviceName.");
      }
      if (!device.matches("(/dev/)?[a-z]{2,4}[a-z]?[0-9]{0,2}")) {
        throw invalidMapping("Invalid device name " + org.eucalyptus.common.xml.XmlChars.printable(device)
            + " (" + p + "DeviceName): it is a device such as /dev/sda1 or /dev/sdf.");
      }
      if (!devices.add(canonical(device))) {
        throw invalidMapping("The device '" + device + "' is used in more than one block device mapping.");
      }
      String snapshotId = req.param(p + "Ebs.SnapshotId");
      if (snapshotId != null && !snapshotId.matches("snap-[0-9a-f]{8}([0-9a-f]{9})?")) {
        throw new ApiException("InvalidSnapshot.Malformed", "Invalid id: \""
            + org.eucalyptus.common.xml.XmlChars.printable(snapshotId) + "\"");
      }
      Integer size = null;
      if (req.param(p + "Ebs.VolumeSize") != null) {
        size = req.intParam(p + "Ebs.VolumeSize", 0);
        if (size < 1) {
          throw ApiException.invalid(p + "Ebs.VolumeSize", req.param(p + "Ebs.VolumeSize"),
              "A volume's size is a whole number of GiB, at least 1.");
        }
      }
      Boolean deleteOnTermination = req.param(p + "Ebs.DeleteOnTermination") == null ? null
          : req.boolParam(p + "Ebs.DeleteOnTermination");
      String virtualName = req.param(p + "VirtualName");
      if (virtualName != null && !virtualName.matches("ephemeral[0-9]{1,2}|swap")) {
        throw invalidMapping("Invalid virtual name " + org.eucalyptus.common.xml.XmlChars.printable(virtualName)
            + " for " + device + ": it is ephemeral0 … ephemeral23 (or swap).");
      }
      // The Query API sends NoDevice with an empty value (or true); its presence suppresses the device.
      boolean noDevice = req.params().containsKey(p + "NoDevice")
          && !"false".equalsIgnoreCase(req.params().get(p + "NoDevice"));
      boolean ebs = snapshotId != null || size != null || deleteOnTermination != null;
      if ((ebs ? 1 : 0) + (virtualName != null ? 1 : 0) + (noDevice ? 1 : 0) != 1) {
        throw invalidMapping("The mapping of " + device
            + " must have exactly one of Ebs (SnapshotId or VolumeSize), VirtualName or NoDevice.");
      }
      if (ebs && snapshotId == null && size == null) {
        throw ApiException.missing(p + "Ebs.VolumeSize");
      }
      out.add(new BlockDeviceMapping(device, snapshotId, size, deleteOnTermination, virtualName, noDevice));
    }
    return out;
  }

  private static ApiException invalidMapping(String message) {
    return new ApiException("InvalidBlockDeviceMapping", message);
  }

  /** A device as EC2 compares it: {@code sda1} and {@code /dev/sda1} are one device. */
  public static String canonical(String device) {
    return device.startsWith("/dev/") ? device : "/dev/" + device;
  }
}
