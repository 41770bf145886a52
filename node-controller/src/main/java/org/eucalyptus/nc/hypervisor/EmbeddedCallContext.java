package org.eucalyptus.nc.hypervisor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Gives the calling thread what libvirtd gives the thread of every call it serves, before a call on
 * an embedded QEMU driver ({@code qemu:///embed}), whose calls run on our threads: an identity and
 * the secret driver's connection. QEMU's look-up of a volume's CHAP password
 * ({@code virSecretGetSecretString}) elevates the current identity ("No current identity to
 * elevate" without one) and asks the thread's secret connection (else it opens
 * {@code secret:///embed} without a root and fails). libvirt.so exports both setters (private ABI,
 * used by its own daemons: {@code virIdentitySetCurrent}, {@code virSetConnectSecret}); without
 * them (another libvirt) calls go on as before and CHAP needs {@code qemu:///system}.
 */
final class EmbeddedCallContext {
  private static final Logger LOG = LogManager.getLogger(EmbeddedCallContext.class);

  /** libvirt.so's functions (virInitialize public, the others LIBVIRT_PRIVATE_9.0.0). */
  interface Calls extends Library {
    int virInitialize(); // idempotent; the identity functions crash before it

    Pointer virIdentityGetSystem();

    int virIdentitySetCurrent(Pointer identity);

    int virSetConnectSecret(Pointer conn);
  }

  private final Calls calls;
  /** The system identity, made once and kept (libvirt takes a reference per thread it is set on). */
  private final Pointer system;
  /** The process's embedded secret connection ({@link EmbeddedSecrets}), never closed. */
  private final Pointer secrets;

  private EmbeddedCallContext(Calls calls, Pointer system, Pointer secrets) {
    this.calls = calls;
    this.system = system;
    this.secrets = secrets;
  }

  /** The context for an embedded driver's calls, or null when this libvirt lacks the functions. */
  static EmbeddedCallContext load(Pointer secrets) {
    try {
      Calls c = Native.load("virt", Calls.class);
      Pointer system = c.virInitialize() < 0 ? null : c.virIdentityGetSystem();
      if (system == null) {
        LOG.warn("libvirt made no system identity: CHAP volumes need qemu:///system");
        return null;
      }
      return new EmbeddedCallContext(c, system, secrets);
    } catch (UnsatisfiedLinkError e) {
      LOG.warn("this libvirt lacks its identity functions ({}): CHAP volumes need qemu:///system", e.getMessage());
      return null;
    }
  }

  /** Sets the system identity and the secret connection on the calling thread. */
  void onThisThread() throws HypervisorException {
    if (calls.virIdentitySetCurrent(system) < 0 || calls.virSetConnectSecret(secrets) < 0) {
      throw new HypervisorException("libvirt could not set the calling thread's identity and secrets");
    }
  }
}
