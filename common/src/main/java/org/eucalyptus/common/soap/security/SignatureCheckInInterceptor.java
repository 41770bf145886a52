package org.eucalyptus.common.soap.security;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPHeader;
import jakarta.xml.soap.SOAPMessage;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.saaj.SAAJInInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.w3c.dom.Node;

/**
 * Accepts a SOAP request only if it carries a WS-Security Timestamp that is current and an X.509
 * signature over that Timestamp and the Body, by a certificate issued by the trust anchor, whose
 * holder {@link SignerCheck} accepts. Anything else is answered with a WS-Security SOAP fault
 * before the service sees it.
 *
 * <p>While there is no trust anchor (a component the cloud has not enrolled yet) every request
 * passes: the cloud's first contact is what installs the anchor. Operations named in {@code
 * unsigned} (e.g. asking for a component's public key) pass whatever they carry.
 */
public final class SignatureCheckInInterceptor extends WSS4JInInterceptor {
  /** The message property the accepted signer's certificate is left under, for the service. */
  public static final String SIGNER = "eucalyptus.soap.signer";
  private static final String CRYPTO_REF = "eucalyptus.trust.crypto";
  private static final QName FAILED_AUTHENTICATION = new QName(WsSecurity.WSSE_NS, "FailedAuthentication", "wsse");
  private static final QName INVALID_SECURITY = new QName(WsSecurity.WSSE_NS, "InvalidSecurity", "wsse");
  private static final QName MESSAGE_EXPIRED = new QName(WsSecurity.WSSE_NS, "MessageExpired", "wsse");
  private static final QName BODY = new QName(WsSecurity.SOAP11_NS, "Body");
  private static final QName TIMESTAMP = new QName(WsSecurity.WSU_NS, "Timestamp");
  /** Accepted signatures remembered at most (some 15 MB): at the rates our services see, every current one. */
  private static final int MOST_REMEMBERED = 100_000;

  /** Decides whether the holder of a verified certificate may make the call. */
  @FunctionalInterface
  public interface SignerCheck {
    /** Null to accept; otherwise why the caller is refused (sent in the fault). */
    String refusal(X509Certificate signer, X509Certificate anchor, String operation);
  }

  /**
   * Accepts components of these roles ({@link org.eucalyptus.common.pki.ComponentIdentity}: the
   * cloud controller signs with the CA itself), refuses users and everyone else.
   */
  public static SignerCheck componentRoles(Set<String> roles) {
    Set<String> accepted = Set.copyOf(roles);
    return (signer, ca, operation) -> {
      String role = org.eucalyptus.common.pki.ComponentIdentity.roleUnder(signer, ca);
      return role != null && accepted.contains(role) ? null
          : "the caller (" + signer.getSubjectX500Principal().getName() + ") may not call " + operation
              + " here: only a " + String.join(" or ", new java.util.TreeSet<>(accepted)) + " of this cloud may";
    };
  }

  /** Why a request is refused, for protocols that name it their own way (EC2's error codes). */
  public enum Refusal { UNSIGNED, EXPIRED, INVALID, NOT_ALLOWED }

  /** Makes the fault a refusal is answered with. */
  @FunctionalInterface
  public interface FaultMaker {
    SoapFault fault(Refusal why, String message);
  }

  /** WS-Security's own fault codes (wsse:InvalidSecurity, wsse:MessageExpired, wsse:FailedAuthentication). */
  public static final FaultMaker WSSE_FAULTS = (why, message) -> new SoapFault(message,
      why == Refusal.NOT_ALLOWED ? FAILED_AUTHENTICATION : why == Refusal.EXPIRED ? MESSAGE_EXPIRED : INVALID_SECURITY);

  private final Supplier<Optional<X509Certificate>> anchor;
  private final Set<String> unsigned;
  private final SignerCheck check;
  private final FaultMaker faults;
  private volatile X509Certificate cachedFor;
  private volatile Crypto cached;
  /**
   * The signatures accepted here while current, so each message passes once: this interceptor's own,
   * in memory (see {@link SeenSignatures}: what CXF would make itself holds 33 files open per endpoint).
   */
  private final SeenSignatures seen = new SeenSignatures(java.time.Clock.systemUTC(), MOST_REMEMBERED);
  /**
   * The token store WSS4J asks for while it checks a signature (a signature check keeps no tokens):
   * left to CXF, each endpoint's first signed call would build an EhCache store, parsing its XML
   * schema, some 30 ms of CPU and a cache manager per endpoint; in the node simulator, where the
   * nodes' endpoints were most of what the process did once they were enrolled.
   */
  private final org.apache.cxf.ws.security.tokenstore.TokenStore tokens =
      new org.apache.cxf.ws.security.tokenstore.MemoryTokenStore();

  public SignatureCheckInInterceptor(Supplier<Optional<X509Certificate>> anchor, Set<String> unsigned,
      SignerCheck check) {
    this(anchor, unsigned, check, WSSE_FAULTS);
  }

  public SignatureCheckInInterceptor(Supplier<Optional<X509Certificate>> anchor, Set<String> unsigned,
      SignerCheck check, FaultMaker faults) {
    super(properties());
    this.anchor = anchor;
    this.unsigned = Set.copyOf(unsigned);
    this.check = check;
    this.faults = faults;
  }

  private static Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
    p.put(ConfigurationConstants.SIG_VER_PROP_REF_ID, CRYPTO_REF);
    p.put(ConfigurationConstants.TIMESTAMP_STRICT, "true");
    p.put(ConfigurationConstants.TTL_TIMESTAMP, String.valueOf(WsSecurity.TIMESTAMP_TTL.toSeconds()));
    p.put(ConfigurationConstants.TTL_FUTURE_TIMESTAMP, String.valueOf(WsSecurity.CLOCK_SKEW.toSeconds()));
    p.put(ConfigurationConstants.ENABLE_SIGNATURE_CONFIRMATION, "false");
    // Who may call is the SignerCheck's to say, from the verified certificate; WSS4J only checks
    // that it chains to the trust anchor. (Without a pattern it warns on every message.)
    p.put(ConfigurationConstants.SIG_SUBJECT_CERT_CONSTRAINTS, ".*");
    return p;
  }

  @Override
  public void handleMessage(SoapMessage msg) throws Fault {
    Optional<X509Certificate> ca = anchor.get();
    if (ca.isEmpty()) {
      return;
    }
    SOAPMessage saaj = saaj(msg);
    String operation = operation(saaj);
    java.util.Optional<org.eucalyptus.common.http.AccessRecord> access =
        org.eucalyptus.common.soap.SoapService.access(msg);
    access.ifPresent(a -> a.action(operation));
    if (unsigned.contains(operation)) {
      return; // open to anyone, signed or not: a signature by a stranger is no reason to refuse
    }
    if (!hasSecurityHeader(saaj)) {
      throw faults.fault(Refusal.UNSIGNED, "the request is not signed: " + operation
          + " takes a WS-Security signature by a certificate of this cloud");
    }
    msg.put(CRYPTO_REF, cryptoFor(ca.get()));
    msg.put(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_CACHE_INSTANCE, seen);
    msg.put(org.apache.cxf.ws.security.SecurityConstants.TOKEN_STORE_CACHE_INSTANCE, tokens);
    try {
      super.handleMessage(msg);
    } catch (SoapFault f) {
      org.apache.logging.log4j.LogManager.getLogger(SignatureCheckInInterceptor.class).debug(
          "refused {}: {} (cause {})", operation, f.getMessage(), String.valueOf(f.getCause())); // why, for debugging
      // WSS4J's own fault (its generic wss4j:SecurityError for most) names no one at fault: it is
      // the sender's, said in one of the codes above, with a sentence of ours.
      boolean expired = f.getCause() instanceof org.apache.wss4j.common.ext.WSSecurityException w
          && w.getErrorCode() == org.apache.wss4j.common.ext.WSSecurityException.ErrorCode.MESSAGE_EXPIRED;
      throw faults.fault(expired ? Refusal.EXPIRED : Refusal.INVALID, expired
          ? "the request's WS-Security Timestamp has expired" : "the request's WS-Security signature is not valid"
          + " or not by a certificate of this cloud");
    }
    X509Certificate signer = signerCoveringBodyAndTimestamp(msg);
    String refusal = check.refusal(signer, ca.get(), operation);
    if (refusal != null) {
      throw faults.fault(Refusal.NOT_ALLOWED, refusal);
    }
    msg.put(SIGNER, signer);
    access.ifPresent(a -> a.principal(signer.getSubjectX500Principal().getName()));
  }

  private static SOAPMessage saaj(SoapMessage msg) {
    SOAPMessage saaj = msg.getContent(SOAPMessage.class);
    if (saaj == null) {
      SAAJInInterceptor.INSTANCE.handleMessage(msg);
      saaj = msg.getContent(SOAPMessage.class);
    }
    return saaj;
  }

  /** The local name of the Body's first element: the operation, in document/literal. */
  private static String operation(SOAPMessage saaj) {
    try {
      for (Node n = saaj.getSOAPBody().getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n.getNodeType() == Node.ELEMENT_NODE) {
          return n.getLocalName();
        }
      }
      return "";
    } catch (SOAPException e) {
      throw new SoapFault("not a SOAP message: " + e.getMessage(), SoapFault.FAULT_CODE_CLIENT);
    }
  }

  private static boolean hasSecurityHeader(SOAPMessage saaj) {
    try {
      SOAPHeader h = saaj.getSOAPHeader();
      return h != null && h.getElementsByTagNameNS(WsSecurity.WSSE_NS, "Security").getLength() > 0;
    } catch (SOAPException e) {
      return false;
    }
  }

  private Crypto cryptoFor(X509Certificate ca) {
    if (!ca.equals(cachedFor)) {
      cached = Keystores.trusting(ca);
      cachedFor = ca;
    }
    return cached;
  }

  /** The certificate whose signature covers both the Body and the Timestamp; a fault if none does. */
  private X509Certificate signerCoveringBodyAndTimestamp(SoapMessage msg) {
    @SuppressWarnings("unchecked")
    List<WSHandlerResult> results = (List<WSHandlerResult>) msg.get(WSHandlerConstants.RECV_RESULTS);
    if (results != null) {
      for (WSHandlerResult r : results) {
        for (WSSecurityEngineResult e : r.getActionResults().getOrDefault(WSConstants.SIGN, List.of())) {
          @SuppressWarnings("unchecked")
          List<WSDataRef> refs = (List<WSDataRef>) e.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
          X509Certificate cert = (X509Certificate) e.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
          if (cert != null && refs != null && refs.stream().anyMatch(d -> BODY.equals(d.getName()))
              && refs.stream().anyMatch(d -> TIMESTAMP.equals(d.getName()))) {
            return cert;
          }
        }
      }
    }
    throw faults.fault(Refusal.INVALID, "the request's signature must cover its Body and its Timestamp");
  }
}
