package org.eucalyptus.common.soap;

import java.util.Set;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;

/**
 * A service's own fault that says the sender erred is {@code soap:Client}. CXF answers every
 * declared fault (the CC's and NC's EucalyptusFault, with its code) as {@code soap:Server}, so a
 * caller could not tell a bad request from a failing component; the code tells, and these are the
 * codes the components use for a request that is wrong as sent. Other codes (InternalError,
 * NetworkError, HypervisorError, capacity) stay {@code soap:Server}.
 */
final class SenderFaults extends AbstractSoapInterceptor {
  static final Set<String> SENDER_CODES = Set.of("InvalidParameter", "InvalidParameterValue", "InstanceNotFound",
      "InstanceAlreadyExists", "InvalidCredentials", "IncorrectState", "UnsupportedOperation",
      "VolumeNotFound", "SnapshotNotFound");

  SenderFaults() {
    super(Phase.PREPARE_SEND);
  }

  @Override
  public void handleMessage(SoapMessage message) {
    if (message.getContent(Exception.class) instanceof Fault f) {
      String code = code(f.getCause()); // null for CXF's own faults (Set.of refuses to look a null up)
      if (code != null && SENDER_CODES.contains(code)) {
        f.setFaultCode(Fault.FAULT_CODE_CLIENT);
      }
    }
  }

  /** The code in a declared fault's info ({@code getFaultInfo().getCode()}), or null. */
  static String code(Throwable t) {
    if (t == null) {
      return null;
    }
    try {
      Object info = t.getClass().getMethod("getFaultInfo").invoke(t);
      Object code = info == null ? null : info.getClass().getMethod("getCode").invoke(info);
      return code instanceof String s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not a fault of ours
    }
  }
}
