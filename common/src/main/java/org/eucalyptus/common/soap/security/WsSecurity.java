package org.eucalyptus.common.soap.security;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;

/** The WS-Security profile every signed SOAP message of ours follows, and how a client takes it on. */
public final class WsSecurity {
  static final String WSU_NS =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
  static final String WSSE_NS =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
  static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  /** The Timestamp and the Body: a signature covering both cannot be replayed later or on another body. */
  static final String SIGNED_PARTS = "{Element}{" + WSU_NS + "}Timestamp;{Element}{" + SOAP11_NS + "}Body";
  /** How long a signed message stays good after it was made. */
  public static final Duration TIMESTAMP_TTL = Duration.ofMinutes(5);
  /** How far ahead of the receiver's clock the sender's may be. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private WsSecurity() {}

  /** Makes a CXF client proxy sign its requests with {@code identity} (unsigned while it is empty). */
  public static <T> T signing(T proxy, Supplier<Optional<SigningIdentity>> identity) {
    Client client = ClientProxy.getClient(proxy);
    client.getOutInterceptors().add(new SigningOutInterceptor(identity));
    return proxy;
  }
}
