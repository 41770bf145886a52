package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetwork;
import org.eucalyptus.common.exec.CommandRunner;

/** What the network handlers share: the cluster network (null outside MANAGED modes) and error mapping. */
final class NetworkCalls {
  @FunctionalInterface
  interface Change {
    void run(ClusterNetwork network) throws CommandRunner.CommandException, java.io.IOException;
  }

  private NetworkCalls() {}

  /** Runs a change of the cluster network; bad input and failed commands become faults with a reason. */
  static void change(ClusterNetwork network, Change change) throws CcException {
    try {
      change.run(network);
    } catch (IllegalArgumentException e) {
      throw new CcException("InvalidParameter", e.getMessage());
    } catch (CommandRunner.CommandException | java.io.IOException e) {
      throw new CcException("NetworkError", "the cluster's network could not be changed: " + e.getMessage());
    }
  }

  static ClusterNetwork managed(ClusterNetwork network, String what) throws CcException {
    if (network == null) {
      throw new CcException("UnsupportedOperation", what + " needs VNET_MODE MANAGED or MANAGED-NOVLAN");
    }
    return network;
  }
}
