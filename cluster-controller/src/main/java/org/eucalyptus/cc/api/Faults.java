package org.eucalyptus.cc.api;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.wsdl.cc.EucalyptusFault;
import org.eucalyptus.wsdl.cc.EucalyptusFault_Exception;

/** The one place where a failure in the cluster controller becomes a SOAP fault. */
final class Faults {
  private static final Logger LOG = LogManager.getLogger(Faults.class);

  private Faults() {}

  /** Work that may fail in any way; {@link #call} turns its failure into the fault. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws Exception;
  }

  static <T> T call(Work<T> work) throws EucalyptusFault_Exception {
    try {
      return work.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw of(e);
    } catch (Exception e) {
      throw of(e);
    }
  }

  static EucalyptusFault_Exception of(Exception e) {
    String code;
    String message = e.getMessage();
    if (e instanceof CcException cc) {
      code = cc.code();
    } else if (e instanceof InterruptedException) {
      code = "ServiceStopping"; // a long poll cut short because the service is shutting down
      message = "the service is shutting down";
    } else {
      LOG.error("unexpected failure", e);
      code = "InternalError";
      message = "internal error: " + e;
    }
    EucalyptusFault f = new EucalyptusFault();
    f.setCode(code);
    f.setMessage(message == null ? code : message);
    return new EucalyptusFault_Exception(code + ": " + f.getMessage(), f);
  }

  /**
   * One line saying why a call to a node failed: its fault, or what the transport said, in words.
   * It goes into answers (a node's identity error, a launch's state reason), so never an exception's
   * name: a dead node's transport failure is often only that (ClosedChannelException).
   */
  static String brief(Exception e) {
    if (e instanceof org.eucalyptus.wsdl.nc.EucalyptusFault_Exception f && f.getFaultInfo() != null) {
      return f.getFaultInfo().getCode() + ": " + f.getFaultInfo().getMessage();
    }
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof jakarta.xml.ws.soap.SOAPFaultException)) {
      t = t.getCause();
    }
    if (t instanceof jakarta.xml.ws.soap.SOAPFaultException f) {
      return f.getMessage(); // the node's own fault: its words
    }
    if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
        || t instanceof java.net.NoRouteToHostException) {
      return "the node does not answer: no connection to it";
    }
    if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
      return "the node did not answer in time";
    }
    if (t instanceof java.net.UnknownHostException) {
      return "the node's host name cannot be resolved";
    }
    LOG.warn("a call to a node failed", e);
    return t instanceof java.io.IOException ? "the connection to the node failed" : "the call to the node failed";
  }
}
