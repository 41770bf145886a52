package org.eucalyptus.common.soap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.transport.AbstractConduit;
import org.apache.cxf.transport.MessageObserver;
import org.apache.cxf.ws.addressing.EndpointReferenceType;

/**
 * A CXF conduit that never blocks a thread on the network: the request CXF wrote (signed by the
 * client's interceptors as ever) goes out on a shared {@link HttpClient} ({@code sendAsync}), and
 * the answer is handed back to the client's in chain when it arrives. CXF's own HTTP conduit waits
 * for the answer on a thread even for an asynchronous call, so a long poll held on many servers at
 * once would take as many threads; through this one, a few threads serve them all.
 *
 * <p>Each call has a deadline (the message's {@link #DEADLINE_NANOS}, else its {@link
 * Message#RECEIVE_TIMEOUT} from when it leaves, else the conduit's):
 * a server that accepts the connection and never answers fails the call then, and its exchange is
 * cancelled (its connection closed), so nothing of it lingers.
 */
public final class NonBlockingConduit extends AbstractConduit {
  /** A message property: the System.nanoTime by which the answer is due. */
  public static final String DEADLINE_NANOS = "eucalyptus.soap.deadline-nanos";
  private final HttpClient http;
  private final Duration defaultTimeout;
  private final ScheduledExecutorService timers;

  /**
   * @param http shared by every conduit of a component (one selector thread for all its calls)
   * @param timers cancels an exchange that outlived its deadline (the JDK's own request timeout
   *     ends at the answer's headers; this also covers a body that never comes)
   */
  public NonBlockingConduit(HttpClient http, Duration defaultTimeout, ScheduledExecutorService timers) {
    // No address of its own: each call names its server (Message.ENDPOINT_ADDRESS), so one client and
    // one conduit serve any number of servers, and CXF's selector never swaps in a conduit of its own.
    super(new EndpointReferenceType());
    this.http = http;
    this.defaultTimeout = defaultTimeout;
    this.timers = timers;
  }

  /** The request body CXF writes, kept until the chain is done with it. */
  private static final class Body extends ByteArrayOutputStream {}

  @Override
  public void prepare(Message message) {
    message.setContent(java.io.OutputStream.class, new Body());
  }

  @Override
  public void close(Message message) throws IOException {
    if (!(message.getContent(java.io.OutputStream.class) instanceof Body body)
        || Boolean.TRUE.equals(message.get(Message.INBOUND_MESSAGE))) {
      super.close(message);
      return;
    }
    message.removeContent(java.io.OutputStream.class);
    send(message, body.toByteArray());
  }

  private void send(Message out, byte[] body) {
    Duration timeout = timeout(out);
    URI address;
    try {
      address = URI.create(String.valueOf(out.get(Message.ENDPOINT_ADDRESS)));
    } catch (IllegalArgumentException e) {
      fail(out, e);
      return;
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(address).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", contentType(out));
    Map<String, List<String>> headers = protocolHeaders(out);
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Content-Type") && !h.getKey().equalsIgnoreCase("Content-Length")) {
        req.header(h.getKey(), String.join(",", h.getValue()));
      }
    }
    CompletableFuture<HttpResponse<byte[]>> answer;
    try {
      answer = http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      fail(out, e);
      return;
    }
    java.util.concurrent.ScheduledFuture<?> deadline = timers.schedule(() -> {
      // Cancelling the JDK's future aborts its exchange and closes the connection.
      answer.cancel(true);
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    answer.whenComplete((resp, err) -> {
      deadline.cancel(false);
      if (err != null) {
        // The JDK may hand the cancellation over wrapped (CompletionException: Request cancelled).
        Throwable cause = unwrap(err);
        fail(out, cause instanceof java.util.concurrent.CancellationException
            ? new HttpTimeoutException("no answer from " + address + " within " + timeout.toMillis() + " ms of sending")
            : cause);
      } else {
        answer(out, resp);
      }
    });
  }

  private Duration timeout(Message out) {
    if (out.getContextualProperty(DEADLINE_NANOS) instanceof Long due) {
      // At least a millisecond: a timeout of 0 would mean none at all.
      return Duration.ofMillis(Math.max(1, (due - System.nanoTime()) / 1_000_000));
    }
    Object t = out.getContextualProperty(Message.RECEIVE_TIMEOUT);
    if (t instanceof Number n && n.longValue() > 0) {
      return Duration.ofMillis(n.longValue());
    }
    return defaultTimeout;
  }

  private static String contentType(Message out) {
    Object ct = out.get(Message.CONTENT_TYPE);
    String type = ct == null ? "text/xml" : ct.toString();
    Object enc = out.get(Message.ENCODING);
    return type.contains("charset") ? type : type + "; charset=" + (enc == null ? "UTF-8" : enc);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> protocolHeaders(Message out) {
    Object h = out.get(Message.PROTOCOL_HEADERS);
    return h instanceof Map ? (Map<String, List<String>>) h : Map.of();
  }

  /** Hands the answer (a result or a SOAP fault) to the client's in chain, as CXF's conduit does. */
  private void answer(Message out, HttpResponse<byte[]> resp) {
    Message in = new MessageImpl();
    in.setExchange(out.getExchange());
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    resp.headers().map().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
    in.put(Message.PROTOCOL_HEADERS, headers);
    in.put(Message.RESPONSE_CODE, resp.statusCode());
    out.getExchange().put(Message.RESPONSE_CODE, resp.statusCode());
    in.put(Message.CONTENT_TYPE, resp.headers().firstValue("Content-Type").orElse(null));
    in.setContent(java.io.InputStream.class, new ByteArrayInputStream(resp.body()));
    try {
      observer(out).onMessage(in);
    } catch (RuntimeException e) {
      fail(out, e);
    }
  }

  /** Fails the call: the client's fault observer hands the error to the call's callback. */
  private void fail(Message out, Throwable cause) {
    Exception e = cause instanceof Exception ex ? ex : new IOException(cause);
    out.setContent(Exception.class, e);
    MessageObserver faults = out.getInterceptorChain() == null ? null : out.getInterceptorChain().getFaultObserver();
    if (faults != null) {
      faults.onMessage(out);
    }
  }

  private MessageObserver observer(Message out) {
    MessageObserver o = getMessageObserver();
    return o != null ? o : out.getExchange().get(MessageObserver.class);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof java.util.concurrent.CompletionException
        || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @Override
  protected java.util.logging.Logger getLogger() {
    return java.util.logging.Logger.getLogger(NonBlockingConduit.class.getName());
  }
}
