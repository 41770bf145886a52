package org.eucalyptus.cc.api;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.soap.ComponentFaults;
import org.eucalyptus.wsdl.types.EucalyptusFault;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * The one place where a failure in the cluster controller becomes a SOAP fault: the rule is
 * common's {@link ComponentFaults}; the CC names its failures with {@link CcException}.
 */
final class ClusterFaults {
  private static final Logger LOG = LogManager.getLogger(ClusterFaults.class);
  private static final ComponentFaults<EucalyptusFault_Exception> FAULTS =
      new ComponentFaults<>(e -> e instanceof CcException cc ? cc.code() : null, ClusterFaults::fault);

  private ClusterFaults() {}

  static <T> T call(ComponentFaults.Work<T> work) throws EucalyptusFault_Exception {
    return FAULTS.call(work);
  }

  private static EucalyptusFault_Exception fault(String code, String message) {
    EucalyptusFault f = new EucalyptusFault();
    f.setCode(code);
    f.setMessage(message);
    return new EucalyptusFault_Exception(code + ": " + message, f);
  }

  /**
   * One line saying why a call to a node failed: its fault, or what the transport said, in words.
   * It goes into answers (a node's identity error, a launch's state reason), so never an exception's
   * name: a dead node's transport failure is often only that (ClosedChannelException).
   */
  static String brief(Exception e) {
    if (e instanceof EucalyptusFault_Exception f && f.getFaultInfo() != null) {
      return f.getFaultInfo().getCode() + ": " + f.getFaultInfo().getMessage();
    }
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof jakarta.xml.ws.soap.SOAPFaultException)) {
      t = t.getCause();
    }
    if (t instanceof jakarta.xml.ws.soap.SOAPFaultException f) {
      return f.getMessage(); // the node's own fault: its words
    }
    // A timeout anywhere in the chain is the reason: the HTTP client that gave up on the node may hang
    // on it what closing the connection then threw ("connection closed locally").
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.SocketTimeoutException || c instanceof java.net.http.HttpTimeoutException
          || c instanceof java.util.concurrent.CancellationException) {
        return "the node did not answer in time";
      }
    }
    if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
        || t instanceof java.net.NoRouteToHostException) {
      return "the node does not answer: no connection to it";
    }
    if (t instanceof java.net.UnknownHostException) {
      return "the node's host name cannot be resolved";
    }
    LOG.warn("a call to a node failed", e);
    return t instanceof java.io.IOException ? "the connection to the node failed" : "the call to the node failed";
  }
}
