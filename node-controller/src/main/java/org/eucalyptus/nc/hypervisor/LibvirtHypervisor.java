package org.eucalyptus.nc.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * {@link Hypervisor} through libvirt-java. One connection per node controller, shared by all
 * threads (libvirt connections are thread-safe and libvirt-java reads errors per thread). Calls
 * on the same domain are serialised, so a slow boot of one guest does not hold up the others.
 */
public final class LibvirtHypervisor implements Hypervisor {
  private static final Logger LOG = LogManager.getLogger(LibvirtHypervisor.class);

  private static final int STRIPES = 64;

  private final String uri;
  /** Replaced when libvirtd restarted under us (see {@link #call}). */
  private volatile Connect conn;
  /** Per-domain locks, striped by name so the table never grows. */
  private final Object[] domainLocks = new Object[STRIPES];
  /** Shared by every call, exclusive for close, so the connection is not closed under a call. */
  private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();
  private boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();

  public LibvirtHypervisor(String uri) throws HypervisorException {
    this.uri = uri;
    try {
      if (!uri.startsWith("test:")) {
        LibvirtEventLoop.ensureRunning(); // required by qemu:///embed, and keeps remote connections alive
      }
      this.conn = new Connect(uri, false);
    } catch (LibvirtException e) {
      String hint = e.getMessage() != null && e.getMessage().contains("Failed to parse user")
          ? " (libvirt's QEMU driver needs the user it was built for to exist:"
              + " groupadd -r libvirt-qemu; useradd -r -g libvirt-qemu libvirt-qemu)" : "";
      throw new HypervisorException("cannot connect to libvirt at " + uri + ": " + e.getMessage() + hint, e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new HypervisorException("libvirt is not installed on this host (libvirt0): " + e.getMessage(), e);
    }
    for (int i = 0; i < STRIPES; i++) {
      domainLocks[i] = new Object();
    }
    LOG.info("connected to libvirt at {}", uri);
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws HypervisorException;
  }

  /** Runs a call on the open connection, holding the domain's lock when a domain is named. */
  private <T> T call(String domain, Call<T> call) throws HypervisorException {
    open.readLock().lock();
    try {
      if (closed) {
        throw new HypervisorException("the libvirt connection to " + uri + " is closed");
      }
      try {
        return locked(domain, call);
      } catch (HypervisorException e) {
        if (!reconnectIfDead()) {
          throw e;
        }
        return locked(domain, call); // once more, on the new connection
      }
    } finally {
      open.readLock().unlock();
    }
  }

  private <T> T locked(String domain, Call<T> call) throws HypervisorException {
    if (domain == null) {
      return call.run();
    }
    synchronized (domainLocks[Math.floorMod(domain.hashCode(), STRIPES)]) {
      return call.run();
    }
  }

  /** When libvirtd has restarted, the old connection is dead: open a new one. Whether it did. */
  private synchronized boolean reconnectIfDead() {
    try {
      if (conn.isAlive()) {
        return false;
      }
    } catch (LibvirtException e) {
      // a dead connection may not even answer isAlive
    }
    try {
      Connect fresh = new Connect(uri, false);
      Connect old = conn;
      conn = fresh;
      try {
        old.close();
      } catch (LibvirtException ignored) {
        // it was dead
      }
      reconnects.incrementAndGet();
      LOG.warn("reconnected to libvirt at {}", uri);
      return true;
    } catch (LibvirtException e) {
      LOG.warn("libvirt at {} is not answering: {}", uri, e.getMessage());
      return false;
    }
  }

  @Override
  public NodeCapacity capacity() throws HypervisorException {
    return call(null, () -> {
      try {
        NodeInfo info = conn.nodeInfo();
        return new NodeCapacity(info.cpus, (int) (info.memory / 1024));
      } catch (LibvirtException e) {
        throw new HypervisorException("cannot read the node's size: " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void start(DomainSpec spec) throws HypervisorException {
    String xml = DomainXml.render(spec);
    call(spec.name(), () -> {
      try {
        free(conn.domainCreateXML(xml, 0)); // transient: gone from libvirt once destroyed
        return null;
      } catch (LibvirtException e) {
        throw new HypervisorException("libvirt could not start " + spec.name() + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public DomainState state(String name) throws HypervisorException {
    return call(name, () -> {
      Domain d = lookup(name);
      if (d == null) {
        return DomainState.MISSING;
      }
      try {
        return switch (d.getInfo().state) {
          case VIR_DOMAIN_RUNNING -> DomainState.RUNNING;
          case VIR_DOMAIN_BLOCKED -> DomainState.BLOCKED;
          case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
          case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTDOWN;
          case VIR_DOMAIN_SHUTOFF -> DomainState.SHUTOFF;
          case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
          case VIR_DOMAIN_PMSUSPENDED -> DomainState.PMSUSPENDED;
          default -> DomainState.NOSTATE;
        };
      } catch (LibvirtException e) {
        if (isNoDomain(e)) {
          return DomainState.MISSING;
        }
        throw new HypervisorException("cannot read the state of " + name + ": " + e.getMessage(), e);
      } finally {
        free(d);
      }
    });
  }

  @Override
  public void destroy(String name) throws HypervisorException {
    call(name, () -> {
      Domain d = lookup(name);
      if (d == null) {
        return null;
      }
      try {
        if (d.isActive() == 1) {
          d.destroy();
        }
        if (d.isPersistent() == 1) {
          d.undefine();
        }
      } catch (LibvirtException e) {
        if (!isNoDomain(e)) {
          throw new HypervisorException("cannot destroy " + name + ": " + e.getMessage(), e);
        }
      } finally {
        free(d);
      }
      return null;
    });
  }

  /**
   * Restarts the domain from its own definition, as Eucalyptus 3.1 rebooted KVM guests: destroy,
   * then create again. Unlike an ACPI reboot request it works whatever runs in the guest, and the
   * disks (qcow2 overlays) keep what the guest wrote.
   */
  @Override
  public void reboot(String name) throws HypervisorException {
    call(name, () -> {
      Domain d = lookup(name);
      if (d == null) {
        throw new HypervisorException("cannot reboot " + name + ": no such domain");
      }
      try {
        String xml = d.getXMLDesc(0);
        d.destroy();
        free(conn.domainCreateXML(xml, 0));
        return null;
      } catch (LibvirtException e) {
        throw new HypervisorException("cannot reboot " + name + ": " + e.getMessage(), e);
      } finally {
        free(d);
      }
    });
  }

  @Override
  public List<String> listDomains() throws HypervisorException {
    return call(null, () -> {
      List<String> names = new ArrayList<>();
      try {
        for (int id : conn.listDomains()) {
          Domain d;
          try {
            d = conn.domainLookupByID(id);
          } catch (LibvirtException e) {
            if (isNoDomain(e)) {
              continue; // went away between the listing and the look-up
            }
            throw e;
          }
          names.add(d.getName());
          free(d);
        }
        return names;
      } catch (LibvirtException e) {
        throw new HypervisorException("cannot list domains: " + e.getMessage(), e);
      }
    });
  }

  private Domain lookup(String name) throws HypervisorException {
    try {
      return conn.domainLookupByName(name);
    } catch (LibvirtException e) {
      if (isNoDomain(e)) {
        return null;
      }
      throw new HypervisorException("cannot look up " + name + ": " + e.getMessage(), e);
    }
  }

  private static boolean isNoDomain(LibvirtException e) {
    return e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN;
  }

  private static void free(Domain d) {
    try {
      d.free();
    } catch (LibvirtException ignored) {
      // nothing to do: the handle is gone either way
    }
  }

  /** How many times the connection was opened again after libvirt went away. */
  public int reconnects() {
    return reconnects.get();
  }

  @Override
  public void close() {
    open.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      conn.close();
    } catch (LibvirtException e) {
      LOG.warn("closing libvirt connection {}: {}", uri, e.getMessage());
    } finally {
      open.writeLock().unlock();
    }
  }
}
