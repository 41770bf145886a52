package org.eucalyptus.tools.fuzz;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.SigningOutInterceptor;

/**
 * WS-Security signed envelopes made by the signing interceptor the components' own clients use,
 * caught by a local server before they go anywhere: a fuzz test then sends them as they are, or
 * changed after signing. Not thread-safe: one fuzzing loop uses it.
 */
final class SignedEnvelopes implements AutoCloseable {
  private final HttpServer catcher;
  private final AtomicReference<byte[]> caught = new AtomicReference<>();
  private final Map<SigningIdentity, Dispatch<Source>> dispatches = new HashMap<>();

  SignedEnvelopes() throws InterruptedException {
    catcher = new HttpServer("soap-catcher", new InetSocketAddress("127.0.0.1", 0), List.of(new HttpServer.Route("/",
        req -> {
          caught.set(req.body());
          DefaultFullHttpResponse no = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
              HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.EMPTY_BUFFER);
          no.headers().set("Content-Length", "0");
          return no;
        }))).start();
  }

  /**
   * {@code payload} (the Body's one element) in an envelope signed by {@code who}, with {@code
   * soapAction}; null when the signing client refused to send it (the payload was not XML).
   */
  byte[] sign(SigningIdentity who, String soapAction, String payload) {
    Dispatch<Source> d = dispatches.computeIfAbsent(who, this::dispatch);
    caught.set(null);
    d.getRequestContext().put(BindingProvider.SOAPACTION_USE_PROPERTY, true);
    d.getRequestContext().put(BindingProvider.SOAPACTION_URI_PROPERTY, soapAction);
    try {
      d.invoke(new StreamSource(new StringReader(payload)));
    } catch (RuntimeException expected) {
      // the catcher answers 503
    }
    return caught.get();
  }

  private Dispatch<Source> dispatch(SigningIdentity who) {
    QName service = new QName("urn:fuzz", "Catcher");
    QName port = new QName("urn:fuzz", "CatcherPort");
    Service s = Service.create(service);
    s.addPort(port, SOAPBinding.SOAP11HTTP_BINDING, "http://127.0.0.1:" + catcher.port() + "/");
    Dispatch<Source> d = s.createDispatch(port, Source.class, Service.Mode.PAYLOAD);
    ((org.apache.cxf.jaxws.DispatchImpl<?>) d).getClient().getOutInterceptors()
        .add(new SigningOutInterceptor(() -> Optional.of(who)));
    return d;
  }

  @Override
  public void close() {
    catcher.close();
  }
}
