package org.eucalyptus.nc.hypervisor;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * libvirt's event loop, which the embedded QEMU driver ({@code qemu:///embed?root=…}) needs before
 * a connection opens, and which keeps remote connections alive. libvirt allows one per process, so
 * this is the one piece of process-wide state in the node controller: started once, never stopped.
 */
final class LibvirtEventLoop {
  private static final Logger LOG = LogManager.getLogger(LibvirtEventLoop.class);
  private static boolean started;

  private LibvirtEventLoop() {}

  static synchronized void ensureRunning() throws LibvirtException {
    if (started) {
      return;
    }
    Library.initEventLoop();
    Thread t = new Thread(() -> {
      try {
        Library.runEventLoop();
      } catch (LibvirtException | InterruptedException e) {
        LOG.warn("the libvirt event loop stopped: {}", e.getMessage());
      }
    }, "libvirt-event-loop");
    t.setDaemon(true);
    t.start();
    started = true;
  }
}
