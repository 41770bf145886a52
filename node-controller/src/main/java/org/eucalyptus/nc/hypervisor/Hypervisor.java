package org.eucalyptus.nc.hypervisor;

import java.util.List;

/**
 * The narrow boundary between the node controller and a hypervisor: the NC's handlers know only
 * these verbs. Implementations own their connection and the domain description they need.
 */
public interface Hypervisor extends AutoCloseable {
  /** The host's cores and memory as the hypervisor reports them. */
  NodeCapacity capacity() throws HypervisorException;

  /** Creates and starts a domain. */
  void start(DomainSpec spec) throws HypervisorException;

  /** The domain's state, or {@link DomainState#MISSING} if there is none of that name. */
  DomainState state(String name) throws HypervisorException;

  /** Stops a domain at once; a missing domain is not an error. */
  void destroy(String name) throws HypervisorException;

  void reboot(String name) throws HypervisorException;

  List<String> listDomains() throws HypervisorException;

  @Override
  void close();
}
