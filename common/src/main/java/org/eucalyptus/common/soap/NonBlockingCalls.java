package org.eucalyptus.common.soap;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.ClientCallback;
import org.apache.cxf.endpoint.UpfrontConduitSelector;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.message.Message;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * SOAP calls that hold no thread while they wait: typed clients whose requests go out through a
 * {@link NonBlockingConduit}, and a call that answers with a future. All calls share one HTTP client
 * (one selector thread), a small pool that reads the answers, and one timer thread, whatever the
 * number of servers or of calls outstanding.
 */
public final class NonBlockingCalls implements AutoCloseable {
  private final ExecutorService answers;
  private final ScheduledExecutorService timers;
  private final HttpClient http;
  private final Duration connectTimeout;

  /**
   * @param name names the threads ({@code name}-answer-N, {@code name}-timer)
   * @param answerThreads how many threads read answers (parse the XML, run the callbacks)
   */
  public NonBlockingCalls(String name, int answerThreads, Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    AtomicInteger n = new AtomicInteger();
    this.answers = Executors.newFixedThreadPool(answerThreads, daemon(() -> name + "-answer-" + n.incrementAndGet()));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon(() -> name + "-timer"));
    this.http = HttpClient.newBuilder().executor(answers).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  private static ThreadFactory daemon(java.util.function.Supplier<String> name) {
    return r -> {
      Thread t = new Thread(r, name.get());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Makes {@code proxy} (a client from {@link SoapClients#create}, with its interceptors, signing
   * included) send through this: calls made with {@link #call} then wait without a thread. One
   * adopted client serves any number of servers and concurrent calls (each call names its server):
   * a client costs a service model of its own, some hundreds of KiB.
   */
  public <T> T adopt(T proxy) {
    Client client = ClientProxy.getClient(proxy);
    UpfrontConduitSelector selector = new UpfrontConduitSelector(new NonBlockingConduit(http, connectTimeout,
        timers));
    selector.setEndpoint(client.getEndpoint());
    client.setConduitSelector(selector);
    return proxy;
  }

  /**
   * Calls {@code operation} (its WSDL name) of an adopted client at {@code url} with {@code request},
   * the answer due within {@code timeout} of this call (not of the request's leaving, after it is
   * signed). The future completes on one of the answer threads: keep what runs there short, and never
   * block it.
   */
  public <R> CompletableFuture<R> call(Object proxy, String url, String operation, Object request,
      Class<R> answerType, Duration timeout) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    Client client = ClientProxy.getClient(proxy);
    ClientCallback callback = new ClientCallback() {
      @Override
      public void handleResponse(Map<String, Object> ctx, Object[] res) {
        super.handleResponse(ctx, res);
        Object r = res == null || res.length == 0 ? null : res[0];
        if (answerType.isInstance(r)) {
          answer.complete(answerType.cast(r));
        } else {
          answer.completeExceptionally(new IllegalStateException(operation + " answered " + r));
        }
      }

      @Override
      public void handleException(Map<String, Object> ctx, Throwable ex) {
        super.handleException(ctx, ex);
        answer.completeExceptionally(ex);
      }
    };
    try {
      Map<String, Object> requestContext = new HashMap<>(client.getRequestContext());
      // The time counts from here: building and signing the request (which waits its turn on a busy
      // component's threads) comes out of it, not on top of it.
      requestContext.put(NonBlockingConduit.DEADLINE_NANOS, System.nanoTime() + timeout.toNanos());
      requestContext.put(Message.ENDPOINT_ADDRESS, url);
      Map<String, Object> context = new HashMap<>();
      context.put(Client.REQUEST_CONTEXT, requestContext);
      client.invoke(callback, operation(client, operation), new Object[] {request}, context);
    } catch (Exception | Error e) {
      answer.completeExceptionally(e);
    }
    return answer;
  }

  private static BindingOperationInfo operation(Client client, String name) {
    for (BindingOperationInfo op : client.getEndpoint().getBinding().getBindingInfo().getOperations()) {
      if (op.getName().getLocalPart().equals(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException("no operation " + name + " in " + client.getEndpoint().getEndpointInfo()
        .getName());
  }

  /** Runs {@code task} on an answer thread (it must not block). */
  public void execute(Runnable task) {
    answers.execute(task);
  }

  /** Runs {@code task} on an answer thread after {@code delay}; the timer thread only hands it over. */
  public void schedule(Runnable task, Duration delay) {
    timers.schedule(() -> answers.execute(task), delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timers.shutdownNow();
    answers.shutdownNow();
  }
}
