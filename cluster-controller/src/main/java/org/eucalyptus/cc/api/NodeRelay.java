package org.eucalyptus.cc.api;

import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * A call passed on to a node, its failure turned into the CC's own: the node's fault keeps its code
 * (InstanceNotFound, InvalidParameterValue, ... reach the CLC as the node said them), a node that
 * cannot be reached is a NodeError in words.
 */
final class NodeRelay {
  @FunctionalInterface
  interface Call<T> {
    T run() throws CcException, EucalyptusFault_Exception;
  }

  private NodeRelay() {}

  static <T> T call(Call<T> call) throws CcException {
    try {
      return call.run();
    } catch (EucalyptusFault_Exception e) {
      if (e.getFaultInfo() != null && e.getFaultInfo().getCode() != null) {
        throw new CcException(e.getFaultInfo().getCode(), e.getFaultInfo().getMessage());
      }
      throw new CcException("NodeError", ClusterFaults.brief(e));
    } catch (RuntimeException e) { // the transport: no connection, a timeout
      throw new CcException("NodeError", ClusterFaults.brief(e));
    }
  }
}
