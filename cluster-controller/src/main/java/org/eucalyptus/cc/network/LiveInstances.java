package org.eucalyptus.cc.network;

import java.util.List;
import java.util.Set;

/** What the network needs to know of the instances the cluster runs now (those not torn down). */
public interface LiveInstances {
  /** Those with an address on a group network (MANAGED modes), as the network model wants them. */
  List<NetworkModel.InstanceNic> nics();

  /** Every private address an instance holds (STATIC mode's pairs in use). */
  Set<String> privateIps();
}
