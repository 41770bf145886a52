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
  /**
   * libvirt's test driver (9.0) has no device hot-plug (virDomainAttachDeviceFlags is unsupported):
   * on a {@code test:} connection this class keeps each domain's attached targets itself, so that
   * the node's volume logic runs against it; every other driver attaches for real.
   */
  private final boolean testDriver;
  private final java.util.Map<String, java.util.Set<String>> testDisks = new java.util.concurrent.ConcurrentHashMap<>();
  /** On an embedded driver, what each call's thread gets (QEMU's secret look-up needs it); else null. */
  private final EmbeddedCallContext callContext;
  /**
   * Where the volumes' CHAP secrets live: the connection itself, except on an embedded driver, whose
   * connection has no secret functions; there the embedded secret driver of the same root, opened
   * beside it (QEMU's look-up goes to that driver too); null otherwise.
   */
  private final EmbeddedSecrets.SecretConnection secrets;

  public LibvirtHypervisor(String uri) throws HypervisorException {
    this.uri = uri;
    this.testDriver = uri.startsWith("test:");
    try {
      if (!uri.startsWith("test:")) {
        LibvirtEventLoop.ensureRunning(); // required by qemu:///embed, and keeps remote connections alive
      }
      if (uri.startsWith("qemu:///embed")) {
        GuestReaper.ensureRunning(); // the embedded driver's QEMUs are this process's to reap
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
    boolean embedded = uri.startsWith("qemu:///embed");
    try {
      this.secrets = embedded ? EmbeddedSecrets.beside(uri) : null;
    } catch (LibvirtException e) {
      throw new HypervisorException("cannot open libvirt's secrets beside " + uri + ": " + e.getMessage(), e);
    }
    this.callContext = embedded ? EmbeddedCallContext.load(secrets.pointer()) : null;
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
    if (callContext != null) {
      callContext.onThisThread();
    }
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

  /** The host's capabilities: the QEMU driver probes each emulator for them, and keeps what it learnt. */
  @Override
  public void prepare() throws HypervisorException {
    call(null, () -> {
      try {
        conn.getCapabilities();
        return null;
      } catch (LibvirtException e) {
        throw new HypervisorException("cannot read the hypervisor's capabilities: " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void start(DomainSpec spec) throws HypervisorException {
    String xml = DomainXml.render(spec);
    call(spec.name(), () -> {
      try {
        defineSecrets(spec);
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
    ifDomain(name, "destroy", d -> {
      if (d.isActive() == 1) {
        d.destroy();
      }
      if (d.isPersistent() == 1) {
        d.undefine();
      }
    });
    forgetSecrets(name);
  }

  @Override
  public void shutdown(String name) throws HypervisorException {
    ifDomain(name, "shut down", d -> {
      if (d.isActive() == 1) {
        d.shutdown(); // virDomainShutdown: QEMU's system_powerdown (ACPI); the test driver shuts off at once
      }
    });
  }

  @FunctionalInterface
  private interface DomainAction {
    void run(Domain d) throws LibvirtException;
  }

  /** Does {@code action} to the domain if it is there: one gone before or meanwhile is left be. */
  private void ifDomain(String name, String what, DomainAction action) throws HypervisorException {
    call(name, () -> {
      Domain d = lookup(name);
      if (d == null) {
        return null;
      }
      try {
        action.run(d);
      } catch (LibvirtException e) {
        if (!isNoDomain(e)) {
          throw new HypervisorException("cannot " + what + " " + name + ": " + e.getMessage(), e);
        }
      } finally {
        free(d);
      }
      return null;
    });
  }

  @Override
  public void attachVolume(String domain, NetworkDisk volume) throws HypervisorException {
    call(domain, () -> {
      Domain d = lookup(domain);
      if (d == null) {
        throw new HypervisorException("cannot attach " + volume.volumeId() + ": no domain " + domain);
      }
      try {
        if (testDriver) {
          testDisks.computeIfAbsent(domain, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
              .add(volume.targetDev());
          return null;
        }
        defineSecret(domain, volume);
        d.attachDeviceFlags(DomainXml.disk(domain, volume), affected(d));
        return null;
      } catch (LibvirtException e) {
        undefineSecret(domain, volume);
        throw new HypervisorException("cannot attach " + volume.volumeId() + " to " + domain + ": "
            + e.getMessage(), e);
      } finally {
        free(d);
      }
    });
  }

  @Override
  public boolean detachVolume(String domain, NetworkDisk volume, boolean force, java.time.Duration wait)
      throws HypervisorException {
    boolean gone = call(domain, () -> {
      Domain d = lookup(domain);
      if (d == null) {
        return true;
      }
      try {
        if (testDriver) {
          java.util.Set<String> disks = testDisks.get(domain);
          if (disks != null) {
            disks.remove(volume.targetDev());
          }
          return true;
        }
        if (!targets(d).contains(volume.targetDev())) {
          return true;
        }
        try {
          // QEMU asks the guest to eject the device; libvirt waits a few seconds for it to go.
          d.detachDeviceFlags(DomainXml.disk(domain, volume), affected(d));
        } catch (LibvirtException e) {
          // e.g. "already in the process of unplug": a force still goes on to drop what it can.
          if (!force) {
            throw new HypervisorException("cannot detach " + volume.volumeId() + " from " + domain + ": "
                + e.getMessage(), e);
          }
          LOG.warn("detaching {} from {} (forced): {}", volume.volumeId(), domain, e.getMessage());
        }
        long end = System.nanoTime() + wait.toNanos();
        while (targets(d).contains(volume.targetDev())) {
          if (System.nanoTime() > end) {
            return false;
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
        return true;
      } catch (LibvirtException e) {
        throw new HypervisorException("cannot detach " + volume.volumeId() + " from " + domain + ": "
            + e.getMessage(), e);
      } finally {
        free(d);
      }
    });
    if (gone || force) {
      undefineSecret(domain, volume);
    }
    return gone;
  }

  @Override
  public java.util.Set<String> diskTargets(String domain) throws HypervisorException {
    return call(domain, () -> {
      Domain d = lookup(domain);
      if (d == null) {
        return java.util.Set.of();
      }
      try {
        if (testDriver) {
          return java.util.Set.copyOf(testDisks.getOrDefault(domain, java.util.Set.of()));
        }
        return targets(d);
      } catch (LibvirtException e) {
        throw new HypervisorException("cannot read the disks of " + domain + ": " + e.getMessage(), e);
      } finally {
        free(d);
      }
    });
  }

  /** The running domain, and its persistent definition if it has one. */
  private static int affected(Domain d) throws LibvirtException {
    return AFFECT_LIVE | (d.isPersistent() == 1 ? AFFECT_CONFIG : 0);
  }

  private static final int AFFECT_LIVE = 1;
  private static final int AFFECT_CONFIG = 2;

  /** The disks' target names in the domain's live definition. */
  private static java.util.Set<String> targets(Domain d) throws LibvirtException {
    java.util.Set<String> out = new java.util.HashSet<>();
    try {
      org.w3c.dom.NodeList disks = org.eucalyptus.common.xml.XmlDocuments.parse(d.getXMLDesc(0))
          .getElementsByTagName("disk");
      for (int i = 0; i < disks.getLength(); i++) {
        org.w3c.dom.NodeList t = ((org.w3c.dom.Element) disks.item(i)).getElementsByTagName("target");
        if (t.getLength() > 0) {
          out.add(((org.w3c.dom.Element) t.item(0)).getAttribute("dev"));
        }
      }
    } catch (LibvirtException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("libvirt's domain description does not parse: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Hands libvirt a volume's CHAP password as a secret, named after the domain and volume (so a
   * restarted node finds it). Not ephemeral: libvirt 9.0's embedded secret driver crashes on those;
   * private, so libvirt never hands its value out again.
   */
  private void defineSecret(String domain, NetworkDisk v) throws LibvirtException {
    // libvirt's test driver has no secrets (virSecretDefineXML is unsupported) and never reads a disk.
    if (v.chapUser() == null || testDriver || v.hostDevice() != null) { // host mode: iscsiadm holds the login
      return;
    }
    org.libvirt.Secret s = secrets().secretDefineXML("<secret ephemeral='no' private='yes'><uuid>"
        + DomainXml.secretUuid(domain, v) + "</uuid><usage type='iscsi'><target>"
        + org.eucalyptus.common.xml.XmlWriter.escape(v.secretUsage(domain)) + "</target></usage></secret>");
    try {
      s.setValue(v.chapPassword().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      s.free();
    }
  }

  private Connect secrets() {
    return secrets != null ? secrets : conn;
  }

  /** Defines the secrets of volumes a domain is about to be created with. */
  private void defineSecrets(DomainSpec spec) throws LibvirtException {
    for (NetworkDisk v : spec.volumes()) {
      defineSecret(spec.name(), v);
    }
  }

  private void undefineSecret(String domain, NetworkDisk v) {
    if (v.chapUser() == null || testDriver || v.hostDevice() != null) {
      return;
    }
    try {
      org.libvirt.Secret s = secrets().secretLookupByUUIDString(DomainXml.secretUuid(domain, v));
      try {
        remove(s);
      } finally {
        s.free();
      }
    } catch (LibvirtException e) {
      LOG.debug("no secret of {} on {} to remove: {}", v.volumeId(), domain, e.getMessage());
    }
  }

  /** Undefines a secret; on the embedded driver, where undefine crashes, retires it ({@link EmbeddedSecrets}). */
  private void remove(org.libvirt.Secret s) throws LibvirtException {
    if (secrets != null) {
      EmbeddedSecrets.retire(uri, s);
    } else {
      s.undefine();
    }
  }

  /** Removes every volume secret of a domain (it was destroyed). */
  private void forgetSecrets(String domain) {
    if (testDriver) {
      testDisks.remove(domain);
      return;
    }
    try {
      for (String uuid : secrets().listSecrets()) {
        org.libvirt.Secret s = secrets().secretLookupByUUIDString(uuid);
        try {
          if (s.getUsageID() != null && s.getUsageID().startsWith(NetworkDisk.secretPrefix(domain))) {
            remove(s);
          }
        } finally {
          s.free();
        }
      }
    } catch (LibvirtException e) {
      LOG.debug("cannot list the secrets of {}: {}", domain, e.getMessage()); // a driver without secrets
    }
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
      conn.close(); // the secrets' connection is the process's (EmbeddedSecrets)
    } catch (LibvirtException e) {
      LOG.warn("closing libvirt connection {}: {}", uri, e.getMessage());
    } finally {
      open.writeLock().unlock();
    }
  }
}
