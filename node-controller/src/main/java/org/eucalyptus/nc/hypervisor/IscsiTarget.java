package org.eucalyptus.nc.hypervisor;

import java.net.URI;

/**
 * Where a storage controller exports a volume: {@code iscsi://host:port/iqn/lun}, the form of
 * volumeType's remoteDev (and of an ebs boot record's resourceLocation).
 */
public record IscsiTarget(String host, int port, String iqn, int lun) {
  public static final int DEFAULT_PORT = 3260;

  /** The target {@code remoteDev} names; IllegalArgumentException saying what is wrong with it. */
  public static IscsiTarget parse(String remoteDev) {
    if (remoteDev == null || remoteDev.isBlank()) {
      throw new IllegalArgumentException("no remote device given (iscsi://host:port/iqn/lun)");
    }
    URI u;
    try {
      u = URI.create(remoteDev.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("remote device " + remoteDev + " is not a URL (iscsi://host:port/iqn/lun)");
    }
    if (!"iscsi".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getPath() == null) {
      throw new IllegalArgumentException("remote device " + remoteDev + " is not iscsi://host:port/iqn/lun");
    }
    String[] parts = u.getPath().replaceAll("^/+", "").split("/");
    if (parts.length != 2 || parts[0].isEmpty() || !parts[1].matches("\\d{1,5}")) {
      throw new IllegalArgumentException("remote device " + remoteDev + " names no target and LUN (iscsi://host:port/iqn/lun)");
    }
    return new IscsiTarget(u.getHost(), u.getPort() < 0 ? DEFAULT_PORT : u.getPort(), parts[0],
        Integer.parseInt(parts[1]));
  }

  /** The portal, host:port, as iscsiadm names it. */
  public String portal() {
    return host + ":" + port;
  }
}
