package org.eucalyptus.clc.api.soap;

import jakarta.annotation.Resource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.soap.SOAPMessage;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryService;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.policy.RequestFacts;
import org.eucalyptus.common.soap.security.SignatureCheckInInterceptor;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * EC2 over SOAP 1.1: the Body's element names the action ({@code <RunInstances
 * xmlns="http://ec2.amazonaws.com/doc/2010-08-31/">}) and its namespace the API version; the
 * caller is the user whose certificate signed the request (checked before this runs, by the
 * endpoint's {@link SignatureCheckInInterceptor}). The request is turned into its Query parameters
 * and run by the Query API's own actions, whose response document becomes the SOAP Body: one
 * implementation of every action, whichever protocol carried it. Errors are SOAP faults whose code
 * is EC2's ({@code soapenv:Client.InvalidParameterValue}).
 */
@WebServiceProvider(serviceName = "EucalyptusEC2", portName = "EucalyptusEC2Port",
    targetNamespace = "http://ec2.amazonaws.com/doc/2010-08-31/")
@ServiceMode(Service.Mode.MESSAGE)
public class Ec2SoapProvider implements Provider<SOAPMessage> {
  private static final Logger LOG = LogManager.getLogger(Ec2SoapProvider.class);
  private static final Pattern EC2_NAMESPACE = Pattern.compile("http://ec2\\.amazonaws\\.com/doc/([0-9-]+)/?");

  private final QueryService query;
  private final Function<X509Certificate, Optional<Caller>> callers;

  @Resource
  private WebServiceContext context;

  public Ec2SoapProvider(QueryService query, Function<X509Certificate, Optional<Caller>> callers) {
    this.query = query;
    this.callers = callers;
  }

  @Override
  public SOAPMessage invoke(SOAPMessage request) {
    String requestId = UUID.randomUUID().toString();
    try {
      Element op = firstElement(request.getSOAPBody());
      if (op == null) {
        throw new ApiException("InvalidAction", "The SOAP Body names no action");
      }
      Matcher m = EC2_NAMESPACE.matcher(op.getNamespaceURI() == null ? "" : op.getNamespaceURI());
      if (!m.matches()) {
        throw new ApiException("InvalidAction", "The action element " + op.getLocalName()
            + " is not in an EC2 namespace (http://ec2.amazonaws.com/doc/<version>/)");
      }
      MessageContext mc = context.getMessageContext();
      X509Certificate signer = (X509Certificate) mc.get(SignatureCheckInInterceptor.SIGNER);
      Caller caller = signer == null ? null : callers.apply(signer).orElse(null);
      if (caller == null) {
        throw new ApiException("AuthFailure", "The request's certificate is not a signing certificate of a user of"
            + " this cloud");
      }
      String action = op.getLocalName();
      Map<String, String> params = SoapParameters.of(action, op);
      String xml = query.execute(action, m.group(1), params, caller, requestId, host(mc), facts(mc)).toString();
      return response(xml);
    } catch (ApiException e) {
      throw fault(e.status().code() < 500 ? "Client" : "Server", e.code(), e.getMessage());
    } catch (SOAPException e) {
      throw fault("Client", "InvalidParameterValue", "The SOAP message cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("SOAP request {} failed", requestId, e);
      throw fault("Server", "InternalError", "We encountered an internal error. Please try again.");
    }
  }

  /**
   * What policy conditions may test about the request: the client's address (aws:SourceIp), as
   * the HTTP server saw the connection, which CXF's JAX-WS transport hands on as the servlet
   * request's remote address, and whether it came over TLS (aws:SecureTransport), as its scheme.
   */
  static RequestFacts facts(MessageContext mc) {
    HttpServletRequest http = mc.get(MessageContext.SERVLET_REQUEST) instanceof HttpServletRequest h ? h : null;
    return new RequestFacts(http == null ? null : http.getRemoteAddr(),
        // (the scheme: CXF's adapter of the request has no isSecure, it throws)
        http != null && "https".equals(http.getScheme()), java.time.Instant.now());
  }

  private static String host(MessageContext mc) {
    @SuppressWarnings("unchecked")
    Map<String, List<String>> headers = (Map<String, List<String>>) mc.get(MessageContext.HTTP_REQUEST_HEADERS);
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase("Host") && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private static Element firstElement(Node parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        return (Element) n;
      }
    }
    return null;
  }

  /** The Query API's response document as the SOAP Body. */
  private static SOAPMessage response(String xml) throws SOAPException {
    try {
      Document doc = org.eucalyptus.common.xml.XmlDocuments.parse(xml);
      SOAPMessage out = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL).createMessage();
      out.getSOAPBody().addDocument(doc);
      out.saveChanges();
      return out;
    } catch (org.xml.sax.SAXException | java.io.IOException e) {
      throw new IllegalStateException("an action's response is not XML", e);
    }
  }

  /** A SOAP fault with EC2's error code: {@code soapenv:Client.AuthFailure}. */
  static SOAPFaultException fault(String side, String code, String message) {
    try {
      // The message may quote the request: only what a SOAP document can carry goes into the fault.
      SOAPFault f = jakarta.xml.soap.SOAPFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL).createFault(
          org.eucalyptus.common.xml.XmlChars.printable(message, 2048),
          new QName(SOAPConstants.URI_NS_SOAP_1_1_ENVELOPE, side + "." + code, "soapenv"));
      return new SOAPFaultException(f);
    } catch (SOAPException e) {
      throw new IllegalStateException(e);
    }
  }
}
