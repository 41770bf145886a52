package org.eucalyptus.common.soap;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.xml.ws.Endpoint;
import jakarta.xml.ws.spi.http.HttpContext;
import jakarta.xml.ws.spi.http.HttpExchange;
import jakarta.xml.ws.spi.http.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.eucalyptus.common.http.AccessRecord;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.http.RequestHandler;

/**
 * Serves a JAX-WS implementor (CXF) on a path of our own Netty {@link org.eucalyptus.common.http.HttpServer},
 * through the standard {@code jakarta.xml.ws.spi.http} SPI. One HTTP stack for every component, and
 * SOAP can share a port with the Query and S3 APIs.
 */
public final class SoapService implements RequestHandler, AutoCloseable {
  /** The exchange attribute that holds the request's {@link AccessRecord}, for interceptors to annotate. */
  private static final String ACCESS = "eucalyptus.access";

  private final String path;
  /** The service's name in the access log: the last part of its path (EucalyptusCC, EucalyptusNC, ...). */
  private final String service;
  private final Context context;
  private final Endpoint endpoint;
  /** Stops on one bus are serialized under it: see {@link #close}. */
  private final Bus bus;

  private SoapService(String path, Object implementor, Bus bus,
      List<? extends Interceptor<? extends Message>> inInterceptors) {
    this.path = path;
    this.service = path.substring(path.lastIndexOf('/') + 1);
    this.context = new Context(path);
    EndpointImpl ep = new EndpointImpl(bus, implementor);
    ep.getInInterceptors().add(new OperationNote());
    ep.getInInterceptors().addAll(inInterceptors);
    ep.getOutFaultInterceptors().add(new UnreadableRequestFaults());
    ep.getOutFaultInterceptors().add(new SenderFaults());
    ep.publish(context);
    this.endpoint = ep;
    this.bus = bus;
  }

  /** Publishes {@code implementor} (a class annotated from our WSDL) at {@code path}. */
  public static SoapService publish(String path, Object implementor) {
    return publish(path, implementor, List.of());
  }

  /**
   * Publishes {@code implementor} at {@code path} with {@code inInterceptors} in front of it, e.g.
   * a {@link org.eucalyptus.common.soap.security.SignatureCheckInInterceptor}.
   */
  public static SoapService publish(String path, Object implementor,
      List<? extends Interceptor<? extends Message>> inInterceptors) {
    return new SoapService(path, implementor, BusFactory.newInstance().createBus(), inInterceptors);
  }

  /**
   * The same on {@code bus}, which other services share: many endpoints in one process (the node
   * simulator) do not each need a bus of their own. Each endpoint still has its own HTTP context.
   */
  public static SoapService publish(String path, Object implementor,
      List<? extends Interceptor<? extends Message>> inInterceptors, Bus bus) {
    return new SoapService(path, implementor, bus, inInterceptors);
  }

  public String path() {
    return path;
  }

  @Override
  public FullHttpResponse handle(InboundRequest request) throws IOException {
    HttpHandler h = context.handler();
    if (h == null) {
      throw new IllegalStateException("SOAP endpoint at " + path + " not published");
    }
    request.access().service(service);
    Exchange ex = new Exchange(context, request);
    h.handle(ex);
    if (ex.status >= 400) {
      request.access().errorCode(faultCode(ex.out.toString(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return ex.toResponse();
  }

  /** The fault's code without its prefix ({@code soap:Client} is {@code Client}), or "Fault". */
  static String faultCode(String envelope) {
    String code = org.eucalyptus.common.xml.XmlDocuments.tryParse(envelope)
        .map(d -> org.eucalyptus.common.xml.XmlDocuments.text(d, "faultcode")).map(String::strip).orElse("");
    code = code.substring(code.indexOf(':') + 1);
    return code.isEmpty() ? "Fault" : code;
  }

  /** The access-log record of the request {@code msg} came in with (empty outside an HttpServer's request). */
  public static java.util.Optional<AccessRecord> access(Message msg) {
    return msg.get(org.apache.cxf.transport.http.AbstractHTTPDestination.HTTP_REQUEST)
        instanceof jakarta.servlet.http.HttpServletRequest http && http.getAttribute(ACCESS) instanceof AccessRecord a
        ? java.util.Optional.of(a) : java.util.Optional.empty();
  }

  /** Notes the operation a request calls, once CXF has found it. */
  private static final class OperationNote extends org.apache.cxf.phase.AbstractPhaseInterceptor<Message> {
    OperationNote() {
      super(org.apache.cxf.phase.Phase.PRE_INVOKE);
    }

    @Override
    public void handleMessage(Message msg) {
      org.apache.cxf.service.model.BindingOperationInfo op = msg.getExchange().getBindingOperationInfo();
      if (op != null) {
        access(msg).ifPresent(a -> a.action(op.getName().getLocalPart()));
      }
    }
  }

  @Override
  public void close() {
    // CXF's server life-cycle manager reads its listener count, then iterates back from it, while
    // each stopping endpoint removes its own listener: two stops at once on a shared bus (the node
    // simulator's nodes closing in parallel) fail with an IndexOutOfBoundsException.
    synchronized (bus) {
      endpoint.stop();
    }
  }

  private static final class Context extends HttpContext {
    private final String path;

    Context(String path) {
      this.path = path;
    }

    HttpHandler handler() {
      return handler;
    }

    @Override
    public String getPath() {
      return path;
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public Set<String> getAttributeNames() {
      return Collections.emptySet();
    }
  }

  /** One request/response pair as the SPI sees it; the response is collected whole, then sent. */
  private static final class Exchange extends HttpExchange {
    private final Context context;
    private final InboundRequest req;
    private final Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Object> attributes = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int status = 200;

    Exchange(Context context, InboundRequest req) {
      this.context = context;
      this.req = req;
      for (Iterator<Map.Entry<String, String>> it = req.headers().iteratorAsString(); it.hasNext(); ) {
        Map.Entry<String, String> e = it.next();
        requestHeaders.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
    }

    FullHttpResponse toResponse() {
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(out.toByteArray()));
      responseHeaders.forEach((k, vs) -> {
        if (!k.equalsIgnoreCase("Content-Length") && !k.equalsIgnoreCase("Transfer-Encoding")) {
          r.headers().add(k, vs);
        }
      });
      return r;
    }

    @Override
    public Map<String, List<String>> getRequestHeaders() {
      return requestHeaders;
    }

    @Override
    public String getRequestHeader(String name) {
      List<String> v = requestHeaders.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public Map<String, List<String>> getResponseHeaders() {
      return responseHeaders;
    }

    @Override
    public void addResponseHeader(String name, String value) {
      responseHeaders.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    @Override
    public String getRequestURI() {
      return req.uri();
    }

    @Override
    public String getContextPath() {
      return context.getPath();
    }

    @Override
    public String getRequestMethod() {
      return req.method();
    }

    @Override
    public HttpContext getHttpContext() {
      return context;
    }

    @Override
    public void close() {}

    @Override
    public InputStream getRequestBody() {
      return new ByteArrayInputStream(req.body());
    }

    @Override
    public OutputStream getResponseBody() {
      return out;
    }

    @Override
    public void setStatus(int status) {
      this.status = status;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return req.remoteAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return req.localAddress();
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public String getScheme() {
      return req.secure() ? "https" : "http";
    }

    @Override
    public String getPathInfo() {
      String p = req.rawPath();
      return p.length() > context.getPath().length() ? p.substring(context.getPath().length()) : null;
    }

    @Override
    public String getQueryString() {
      return req.rawQuery().isEmpty() ? null : req.rawQuery();
    }

    @Override
    public Object getAttribute(String name) {
      return ACCESS.equals(name) ? req.access() : attributes.get(name);
    }

    @Override
    public Set<String> getAttributeNames() {
      return attributes.keySet();
    }

    @Override
    public Principal getUserPrincipal() {
      return null;
    }

    @Override
    public boolean isUserInRole(String role) {
      return false;
    }
  }
}
