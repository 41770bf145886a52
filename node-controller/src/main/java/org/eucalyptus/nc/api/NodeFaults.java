package org.eucalyptus.nc.api;

import org.eucalyptus.common.soap.ComponentFaults;
import org.eucalyptus.nc.hypervisor.HypervisorException;
import org.eucalyptus.wsdl.types.EucalyptusFault;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * The one place where a failure in the node controller becomes a SOAP fault: the rule is common's
 * {@link ComponentFaults}; the NC names its failures with {@link NcException}, and the
 * hypervisor's as HypervisorError.
 */
final class NodeFaults {
  private static final ComponentFaults<EucalyptusFault_Exception> FAULTS =
      new ComponentFaults<>(NodeFaults::code, NodeFaults::fault);

  private NodeFaults() {}

  static <T> T call(ComponentFaults.Work<T> work) throws EucalyptusFault_Exception {
    return FAULTS.call(work);
  }

  private static String code(Exception e) {
    if (e instanceof NcException nc) {
      return nc.code();
    }
    if (e instanceof org.eucalyptus.nc.instances.InstanceVolumes.VolumeException v) {
      return v.code();
    }
    return e instanceof HypervisorException ? "HypervisorError" : null;
  }

  private static EucalyptusFault_Exception fault(String code, String message) {
    EucalyptusFault f = new EucalyptusFault();
    f.setCode(code);
    f.setMessage(message);
    return new EucalyptusFault_Exception(code + ": " + message, f);
  }
}
