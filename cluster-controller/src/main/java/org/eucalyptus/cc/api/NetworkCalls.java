package org.eucalyptus.cc.api;

import org.eucalyptus.cc.network.ClusterNetworking;
import org.eucalyptus.cc.network.NetworkRefusal;
import org.eucalyptus.common.exec.CommandRunner;

/** What the network handlers share: the network's refusals and failures become faults in one place. */
final class NetworkCalls {
  @FunctionalInterface
  interface Change {
    void run(ClusterNetworking networking) throws NetworkRefusal, CommandRunner.CommandException, java.io.IOException;
  }

  private NetworkCalls() {}

  /** Runs a change of the cluster's network; refusals, bad input and failed commands become faults with a reason. */
  static void change(ClusterNetworking networking, Change change) throws CcException {
    try {
      change.run(networking);
    } catch (NetworkRefusal e) {
      throw fault(e, "InvalidParameter");
    } catch (IllegalArgumentException e) {
      throw new CcException("InvalidParameter", e.getMessage());
    } catch (CommandRunner.CommandException | java.io.IOException e) {
      throw new CcException("NetworkError", "the cluster's network could not be changed: " + e.getMessage());
    }
  }

  /**
   * The fault of a refusal.
   *
   * @param invalidCode the code the operation answers a request naming what the network lacks with
   */
  static CcException fault(NetworkRefusal e, String invalidCode) {
    String code = switch (e.reason()) {
      case NOT_IN_THIS_MODE -> "UnsupportedOperation";
      case INVALID -> invalidCode;
      case NO_ADDRESS_LEFT -> "InsufficientAddressCapacity";
    };
    return new CcException(code, e.getMessage());
  }
}
