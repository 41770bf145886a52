package org.eucalyptus.sc.api;

import org.eucalyptus.common.soap.ComponentFaults;
import org.eucalyptus.wsdl.types.EucalyptusFault;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * The one place where a failure in the storage controller becomes a SOAP fault: the rule is common's
 * {@link ComponentFaults}; the SC names its failures with {@link ScException}. InvalidParameterValue,
 * VolumeNotFound, SnapshotNotFound and IncorrectState are the sender's (soap:Client, by common's
 * SenderFaults), the rest the SC's own (soap:Server).
 */
final class StorageFaults {
  private static final ComponentFaults<EucalyptusFault_Exception> FAULTS =
      new ComponentFaults<>(e -> e instanceof ScException sc ? sc.code() : null, StorageFaults::fault);

  private StorageFaults() {}

  static <T> T call(ComponentFaults.Work<T> work) throws EucalyptusFault_Exception {
    return FAULTS.call(work);
  }

  private static EucalyptusFault_Exception fault(String code, String message) {
    EucalyptusFault f = new EucalyptusFault();
    f.setCode(code);
    f.setMessage(message);
    return new EucalyptusFault_Exception(code + ": " + message, f);
  }
}
