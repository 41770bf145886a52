package org.eucalyptus.nc.hypervisor;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * {@link Hypervisor} through libvirt-java. One connection per node controller; calls are
 * serialised on it (libvirt allows sharing, but its error reporting is simplest this way).
 */
public final class LibvirtHypervisor implements Hypervisor {
  private static final Logger LOG = LogManager.getLogger(LibvirtHypervisor.class);

  private final String uri;
  private final Connect conn;

  public LibvirtHypervisor(String uri) throws HypervisorException {
    this.uri = uri;
    try {
      this.conn = new Connect(uri, false);
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot connect to libvirt at " + uri + ": " + e.getMessage(), e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new HypervisorException("libvirt is not installed on this host (libvirt0): " + e.getMessage(), e);
    }
    LOG.info("connected to libvirt at {}", uri);
  }

  @Override
  public synchronized NodeCapacity capacity() throws HypervisorException {
    try {
      NodeInfo info = conn.nodeInfo();
      return new NodeCapacity(info.cpus, (int) (info.memory / 1024));
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot read the node's size: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void start(DomainSpec spec) throws HypervisorException {
    String xml = DomainXml.render(spec);
    try {
      Domain d = conn.domainCreateXML(xml, 0);
      d.free();
    } catch (LibvirtException e) {
      throw new HypervisorException("libvirt could not start " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized DomainState state(String name) throws HypervisorException {
    Domain d = lookup(name);
    if (d == null) {
      return DomainState.MISSING;
    }
    try {
      DomainInfo.DomainState s = d.getInfo().state;
      return switch (s) {
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
  }

  @Override
  public synchronized void destroy(String name) throws HypervisorException {
    Domain d = lookup(name);
    if (d == null) {
      return;
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
  }

  @Override
  public synchronized void reboot(String name) throws HypervisorException {
    Domain d = lookup(name);
    if (d == null) {
      throw new HypervisorException("no domain " + name);
    }
    try {
      d.reboot(0);
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot reboot " + name + ": " + e.getMessage(), e);
    } finally {
      free(d);
    }
  }

  @Override
  public synchronized List<String> listDomains() throws HypervisorException {
    List<String> names = new ArrayList<>();
    try {
      for (int id : conn.listDomains()) {
        Domain d = conn.domainLookupByID(id);
        names.add(d.getName());
        free(d);
      }
      return names;
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot list domains: " + e.getMessage(), e);
    }
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

  @Override
  public synchronized void close() {
    try {
      conn.close();
    } catch (LibvirtException e) {
      LOG.warn("closing libvirt connection {}: {}", uri, e.getMessage());
    }
  }
}
