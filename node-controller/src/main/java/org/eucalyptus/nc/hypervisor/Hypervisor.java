package org.eucalyptus.nc.hypervisor;

import java.util.List;

/**
 * The narrow boundary between the node controller and a hypervisor: the NC's handlers know only
 * these verbs. Implementations own their connection and the domain description they need.
 */
public interface Hypervisor extends AutoCloseable {
  /** The host's cores and memory as the hypervisor reports them. */
  NodeCapacity capacity() throws HypervisorException;

  /**
   * Does now what the first launch would otherwise wait for (libvirt's probe of the emulator's
   * capabilities, seconds on a fresh node); a node calls it once, in the background, as it starts.
   */
  default void prepare() throws HypervisorException {}

  /** Creates and starts a domain. */
  void start(DomainSpec spec) throws HypervisorException;

  /** The domain's state, or {@link DomainState#MISSING} if there is none of that name. */
  DomainState state(String name) throws HypervisorException;

  /** Stops a domain at once, removing its volumes' secrets; a missing domain is not an error. */
  void destroy(String name) throws HypervisorException;

  /**
   * Asks the guest to shut down (the ACPI power button) and returns at once; a missing or stopped
   * domain is not an error. Whether and when the guest goes is seen in {@link #state}.
   */
  void shutdown(String name) throws HypervisorException;

  void reboot(String name) throws HypervisorException;

  List<String> listDomains() throws HypervisorException;

  /** Hot-plugs an EBS volume into a running domain (its CHAP password handed to the hypervisor as a secret). */
  void attachVolume(String domain, NetworkDisk volume) throws HypervisorException;

  /**
   * Asks the guest to let go of a volume's device and waits up to {@code wait} for it to go; with
   * {@code force} it also leaves the domain's persistent definition whatever the guest does. The
   * volume's secret is removed either way. Whether the device is gone from the running domain.
   */
  boolean detachVolume(String domain, NetworkDisk volume, boolean force, java.time.Duration wait)
      throws HypervisorException;

  /** The target names (vda, vdb, ...) of the disks in the running domain; empty if there is no domain. */
  java.util.Set<String> diskTargets(String domain) throws HypervisorException;

  @Override
  void close();
}
