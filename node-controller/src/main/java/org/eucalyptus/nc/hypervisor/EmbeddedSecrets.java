package org.eucalyptus.nc.hypervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.Secret;

/**
 * The embedded secret driver beside an embedded QEMU driver: a {@code qemu:///embed} connection has
 * no secret functions, so the volumes' CHAP secrets go through {@code secret:///embed} of the same
 * root, where QEMU's look-up finds them. libvirt 9.0 registers that driver once per process ("A
 * secret driver is already registered" on a second open), so, like the event loop, its connection
 * is process-wide: opened on first use, shared by every node controller of the process (a restart
 * in the same JVM), never closed.
 *
 * <p>The same driver cannot undefine a secret (nor define an ephemeral one): it then calls the
 * daemon's inhibit callback, which an embedded driver does not have (a call through a null pointer:
 * the JVM dies). So a secret that is done with is retired instead: its value overwritten with random
 * bytes, and its files under the root removed, so that nothing of it outlives the process; the
 * emptied object stays in the driver's memory until the process ends (a define of the same UUID,
 * the same volume on the same instance again, reuses it).
 */
final class EmbeddedSecrets {
  private static final Map<String, SecretConnection> OPEN = new HashMap<>();

  /** A connection whose native pointer the calls' context hands libvirt ({@link EmbeddedCallContext}). */
  static final class SecretConnection extends Connect {
    SecretConnection(String uri) throws LibvirtException {
      super(uri, false);
    }

    com.sun.jna.Pointer pointer() {
      return vcp.getPointer();
    }
  }

  private EmbeddedSecrets() {}

  /** The secret connection for the embedded driver at {@code qemuUri} ({@code qemu:///embed?root=…}). */
  static synchronized SecretConnection beside(String qemuUri) throws LibvirtException {
    String uri = "secret:///" + qemuUri.substring("qemu:///".length());
    SecretConnection c = OPEN.get(uri);
    if (c == null) {
      c = new SecretConnection(uri);
      OPEN.put(uri, c);
    }
    return c;
  }

  /** Retires a secret of the embedded driver at {@code qemuUri} (see the class comment). */
  static void retire(String qemuUri, Secret s) throws LibvirtException {
    byte[] noise = new byte[32];
    new SecureRandom().nextBytes(noise);
    s.setValue(noise);
    String uuid = s.getUUIDString();
    Path dir = root(qemuUri).resolve("etc").resolve("secrets");
    try {
      Files.deleteIfExists(dir.resolve(uuid + ".xml"));
      Files.deleteIfExists(dir.resolve(uuid + ".base64"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove the secret " + uuid + " under " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The root directory of an embedded driver's URI ({@code qemu:///embed?root=DIR}). */
  static Path root(String qemuUri) {
    int at = qemuUri.indexOf("root=");
    if (at < 0) {
      throw new IllegalArgumentException("an embedded libvirt URI without root=: " + qemuUri);
    }
    String rest = qemuUri.substring(at + "root=".length());
    int amp = rest.indexOf('&');
    return Path.of(amp < 0 ? rest : rest.substring(0, amp));
  }
}
