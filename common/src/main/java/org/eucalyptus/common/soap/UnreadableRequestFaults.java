package org.eucalyptus.common.soap;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;

/**
 * A request CXF could not read (not XML, not UTF-8, no Body, cut short) is the sender's mistake:
 * CXF answers some with a {@code soap:Server} fault, and all in the parser's words ("Couldn't parse
 * stream.", "Error reading XMLStreamReader: …"). This makes them {@code soap:Client} with one plain
 * sentence, on every SOAP endpoint we serve; so is a SOAPAction header naming no operation. Faults
 * of the services themselves pass unchanged.
 */
final class UnreadableRequestFaults extends AbstractSoapInterceptor {
  UnreadableRequestFaults() {
    super(Phase.PREPARE_SEND);
  }

  @Override
  public void handleMessage(SoapMessage message) {
    Exception e = message.getContent(Exception.class);
    if (e instanceof Fault f && wrongShape(f)) {
      // XML, but not the operation's elements: JAXB's own words say which (and name no Java class).
      f.setFaultCode(Fault.FAULT_CODE_CLIENT);
    } else if (e instanceof Fault f && unreadable(f)) {
      f.setFaultCode(Fault.FAULT_CODE_CLIENT);
      f.setMessage("The request is not a SOAP 1.1 message this service can read (well-formed UTF-8 XML with an"
          + " Envelope and a Body).");
    } else if (e instanceof Fault f && unknownAction(f)) {
      f.setFaultCode(Fault.FAULT_CODE_CLIENT);
    }
  }

  /** A request whose elements do not fit the operation's schema (JAXB's UnmarshalException). */
  private static boolean wrongShape(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().equals("jakarta.xml.bind.UnmarshalException")) {
        return true;
      }
    }
    return false;
  }

  /** CXF's refusal of a SOAPAction header that names no operation (it has no type of its own). */
  private static boolean unknownAction(Fault f) {
    return f.getMessage() != null && f.getMessage().startsWith("The given SOAPAction")
        && f.getMessage().contains("does not match an operation");
  }

  /** Whether the failure was in reading the request: the XML parser's, or a stream that ended early. */
  private static boolean unreadable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.xml.stream.XMLStreamException || t instanceof java.io.CharConversionException
          || t instanceof java.util.NoSuchElementException || t instanceof org.xml.sax.SAXException
          || t instanceof jakarta.xml.soap.SOAPException) {
        return true;
      }
    }
    return false;
  }
}
