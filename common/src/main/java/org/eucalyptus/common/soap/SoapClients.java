package org.eucalyptus.common.soap;

import java.time.Duration;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/** Typed SOAP clients for the CC and NC contracts. */
public final class SoapClients {
  private SoapClients() {}

  /**
   * A client proxy for {@code portType} at {@code url}. The receive timeout must cover the longest
   * long poll the caller will ask for.
   */
  public static <T> T create(Class<T> portType, String url, Duration connectTimeout, Duration receiveTimeout) {
    JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
    f.setServiceClass(portType);
    f.setAddress(url);
    @SuppressWarnings("unchecked")
    T proxy = (T) f.create();
    Client client = ClientProxy.getClient(proxy);
    HTTPConduit conduit = (HTTPConduit) client.getConduit();
    HTTPClientPolicy policy = new HTTPClientPolicy();
    policy.setConnectionTimeout(connectTimeout.toMillis());
    policy.setReceiveTimeout(receiveTimeout.toMillis());
    policy.setAllowChunking(false);
    conduit.setClient(policy);
    return proxy;
  }
}
