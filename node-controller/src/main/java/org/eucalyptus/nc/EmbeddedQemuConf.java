package org.eucalyptus.nc;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The QEMU driver settings of an embedded libvirt ({@code qemu:///embed?root=DIR}), written to
 * {@code DIR/etc/qemu.conf} when the operator has not put one there: guests run as the node
 * controller's own user, with no security driver, cgroups or namespaces to set up, and QEMU's
 * output goes straight to files (no virtlogd). These are what a host without systemd needs.
 */
final class EmbeddedQemuConf {
  static final String DEFAULT = """
      # Written by the node controller for its embedded libvirt (see EmbeddedQemuConf).
      user = "root"
      group = "root"
      dynamic_ownership = 0
      security_driver = "none"
      cgroup_controllers = [ ]
      namespaces = [ ]
      remember_owner = 0
      stdio_handler = "file"
      """;

  private EmbeddedQemuConf() {}

  /** Writes the default qemu.conf under the embed root of {@code uri} if there is none. */
  static void ensure(String uri) throws IOException {
    String query = URI.create(uri).getRawQuery();
    String root = null;
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("root=")) {
          root = java.net.URLDecoder.decode(kv.substring(5), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    if (root == null) {
      throw new IllegalArgumentException(uri + " names no root directory (qemu:///embed?root=/path)");
    }
    Path conf = Path.of(root, "etc", "qemu.conf");
    if (!Files.exists(conf)) {
      Files.createDirectories(conf.getParent());
      Files.writeString(conf, DEFAULT);
    }
  }
}
