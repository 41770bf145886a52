package org.eucalyptus.common.soap;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;

/**
 * A request CXF could not read (not XML, not UTF-8, no Body, cut short) is the sender's mistake:
 * CXF answers some with a {@code soap:Server} fault, and all in the parser's words ("Couldn't parse
 * stream.", "Error reading XMLStreamReader: …"). This makes them {@code soap:Client} with one plain
 * sentence, on every SOAP endpoint we serve. Faults of the services themselves pass unchanged.
 */
final class UnreadableRequestFaults extends AbstractSoapInterceptor {
  UnreadableRequestFaults() {
    super(Phase.PREPARE_SEND);
  }

  @Override
  public void handleMessage(SoapMessage message) {
    Exception e = message.getContent(Exception.class);
    if (e instanceof Fault f && unreadable(f)) {
      f.setFaultCode(Fault.FAULT_CODE_CLIENT);
      f.setMessage("The request is not a SOAP 1.1 message this service can read (well-formed UTF-8 XML with an"
          + " Envelope and a Body).");
    }
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
