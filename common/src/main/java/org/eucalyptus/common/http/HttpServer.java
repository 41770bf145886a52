package org.eucalyptus.common.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The HTTP front of every component: one Netty server on one port, routing by path prefix to
 * {@link RequestHandler}s that run on worker threads (they may block on a database or a long poll).
 * Several services share a port by registering different prefixes, as CLC and Walrus do on 8773.
 *
 * <p>On each connection one request is handled at a time and answered in the order the requests
 * came (HTTP/1.1 pipelining): requests that arrive while one is being answered wait, and the
 * socket is not read meanwhile. A handler runs only once its request no longer depends on the
 * client: whole-request handlers and streaming ones with a small body (up to {@link #PROMPT_BODY})
 * once the whole body is here, on one pool; streaming handlers with a larger body once its first
 * {@link #PROMPT_BODY} bytes are, on a pool of their own, so slow uploads cannot take the threads
 * of the other requests. Connections that idle, send too slowly or do not read their answers are closed
 * ({@link HttpSettings}),
 * and connections over the caps are answered 503 and closed. Each answered request is one line of
 * the access log ({@link AccessLog}).
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(HttpServer.class);
  /** A streaming request body up to this long is read whole before its handler runs. */
  static final int PROMPT_BODY = 64 * 1024;
  /** What a request body must bring within each HTTP_BODY_TIMEOUT_SEC, unless it ends first. */
  static final int BODY_PROGRESS_BYTES = 8 * 1024;
  /** How long a refused connection whose request had begun is read from after its 503, so the client sees it. */
  private static final long REFUSAL_LINGER_MS = 500;

  /** The longest request line taken; a longer one is answered {@link ServerRefusal#REQUEST_LINE_TOO_LONG}. */
  public static final int MAX_REQUEST_LINE = 4096;
  /** The largest header section taken; a larger one is answered {@link ServerRefusal#HEADERS_TOO_LARGE}. */
  public static final int MAX_HEADER_SECTION = 8192;
  /** A plain 503's text (ASCII). */
  static final String PLAIN_BUSY = "Server busy; please retry\n";
  /** How much of a request's start is kept until its head is read, to tell its route if the line is too long. */
  private static final int HEAD_START = 512;

  /**
   * A handler for every path that starts with {@code prefix} (longest prefix wins): either one that
   * gets the whole request at once, or one that reads the body as a stream.
   *
   * @param refusals the answers a request here gets from the server itself (over a cap, no worker free,
   *     a head too large), in the protocol's own words; null, or null for one of them, for a plain one
   */
  public record Route(String prefix, RequestHandler handler, StreamingHandler streaming,
      Function<ServerRefusal, FullHttpResponse> refusals) {
    public Route(String prefix, RequestHandler handler) {
      this(prefix, handler, null, null);
    }

    public static Route streaming(String prefix, StreamingHandler handler) {
      return new Route(prefix, null, handler, null);
    }

    /** This route, answering "too busy" with {@code busy}'s 503 (its other refusals plain). */
    public Route withBusyAnswer(Supplier<FullHttpResponse> busy) {
      return withRefusals(why -> why == ServerRefusal.BUSY ? busy.get() : null);
    }

    /** This route, with the server's own answers in its protocol's words. */
    public Route withRefusals(Function<ServerRefusal, FullHttpResponse> refusals) {
      return new Route(prefix, handler, streaming, refusals);
    }
  }

  private final String name;
  private final InetSocketAddress bindAddress;
  private final List<Route> routes;
  private final int maxContentLength;
  private final HttpSettings settings;
  private final EventLoopGroup group;
  /** Requests whose body has all arrived: they never wait on their client. */
  private final ThreadPoolExecutor workers;
  /** Streaming requests whose body is still arriving. */
  private final ThreadPoolExecutor uploads;
  private final FileBodySender fileBodies = new FileBodySender();
  private final ConnectionLimits limits;
  private final AccessLog accessLog;
  /** Every open connection, so that close() ends them too (a closed server must not leave clients hanging). */
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private Channel channel;

  /**
   * @param maxContentLength the largest body a whole-request handler is given
   * @param maxWorkers threads of each pool: requests ready to run, and uploads still arriving
   */
  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, int maxContentLength,
      int maxWorkers, HttpSettings settings) {
    this.name = name;
    this.bindAddress = bindAddress;
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    this.routes = List.copyOf(sorted);
    this.maxContentLength = maxContentLength;
    this.settings = settings;
    this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    this.workers = pool(name + "-worker-", maxWorkers);
    this.uploads = pool(name + "-upload-", maxWorkers);
    this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerClient());
    this.accessLog = new AccessLog(name);
  }

  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, int maxContentLength,
      int maxWorkers) {
    this(name, bindAddress, routes, maxContentLength, maxWorkers, HttpSettings.defaults());
  }

  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, HttpSettings settings) {
    this(name, bindAddress, routes, 64 * 1024 * 1024, 256, settings);
  }

  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes) {
    this(name, bindAddress, routes, HttpSettings.defaults());
  }

  private static ThreadPoolExecutor pool(String prefix, int threads) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
  }

  public HttpServer start() throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            // Connections over the caps are refused as they are accepted, most without becoming channels.
            .channelFactory(() -> new AdmittingServerChannel(limits, this::refusalAnswer, accessLog))
            // Deep enough that a burst is accepted, and refused with a 503 over the caps, not dropped.
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // Large bodies (object uploads) arrive in reads of up to 256 KiB rather than Netty's 64 KiB.
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    byte[] refused = ch.attr(AdmittingServerChannel.REFUSED).get();
                    if (refused != null) {
                      ch.pipeline().addLast(new Refusal(refused));
                      return;
                    }
                    Dispatcher d = new Dispatcher(ch);
                    ch.pipeline()
                        .addLast(new SendWatch(settings.sendTimeout()))
                        .addLast(d.new BytesSeen())
                        // Body pieces as large as each read, not 8 KiB: fewer hand-offs and writes per byte.
                        .addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxChunkSize(256 * 1024)
                            .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADER_SECTION)))
                        .addLast(d);
                  }
                });
    try {
      channel = b.bind(bindAddress).sync().channel();
    } catch (Exception e) {
      close();
      // Netty rethrows the socket's checked exception unchecked; say plainly what failed.
      throw new IllegalStateException(name + ": cannot listen on " + bindAddress.getHostString() + ":"
          + bindAddress.getPort() + ": " + e.getMessage(), e);
    }
    LOG.info("{} listening on {}", name, channel.localAddress());
    return this;
  }

  /** The port actually bound (useful when started on port 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Every connection open now, those being refused included: what holds the process's descriptors. */
  int channelsOpen() {
    return connections.size();
  }

  /** Connections open now that count against the caps (those being refused do not). */
  public int openConnections() {
    return limits.open();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
    uploads.shutdownNow();
  }

  private Route route(String path) {
    for (Route r : routes) {
      String p = r.prefix();
      if (path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/") || p.equals("/")) {
        return r;
      }
    }
    return null;
  }

  private static FullHttpResponse closing(FullHttpResponse r) {
    r.headers().set(HttpHeaderNames.CONNECTION, "close");
    return r;
  }

  /**
   * The server's own answer {@code why} to a request for {@code route} (null: none known), in the
   * route's words if it has them, else plain; always closing the connection. The one place these are made.
   */
  private static FullHttpResponse refusal(Route route, ServerRefusal why) {
    FullHttpResponse r = route != null && route.refusals() != null ? route.refusals().apply(why) : null;
    if (r == null) {
      r = switch (why) {
        case BUSY -> Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, PLAIN_BUSY);
        case REQUEST_LINE_TOO_LONG -> Responses.text(HttpResponseStatus.REQUEST_URI_TOO_LONG,
            "The request line is longer than " + MAX_REQUEST_LINE + " bytes\n");
        case HEADERS_TOO_LARGE -> Responses.text(HttpResponseStatus.BAD_REQUEST,
            "The request headers are larger than " + MAX_HEADER_SECTION + " bytes\n");
      };
    }
    if (why == ServerRefusal.BUSY) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    return closing(r);
  }

  /** A whole response as bytes, for a connection that has no HTTP codec. */
  private static ByteBuf encode(FullHttpResponse r) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status()).append("\r\n");
    r.headers().forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
    head.append("\r\n");
    return Unpooled.wrappedBuffer(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1), r.content());
  }

  /** The 503, as bytes, of a connection refused over a cap whose request begins with {@code start}. */
  private byte[] refusalAnswer(byte[] start) {
    RequestLine line = RequestLine.parse(start);
    ByteBuf b = encode(refusal(line == null ? null : route(line.path()), ServerRefusal.BUSY));
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  /**
   * A connection over a cap whose request had begun as it was accepted ({@link AdmittingServerChannel}):
   * answered its route's 503 at once, then kept open a moment, reading away what the client sends
   * (closed with unread data, the socket would reset and the client might lose the answer).
   */
  private final class Refusal extends ChannelInboundHandlerAdapter {
    private final byte[] start;
    private long bytesIn;

    Refusal(byte[] start) {
      this.start = start;
      this.bytesIn = start.length;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      LOG.debug("{}: refusing a connection from {}: over the connection caps", name, ctx.channel().remoteAddress());
      byte[] answer = refusalAnswer(start);
      InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
      ctx.channel().closeFuture().addListener(f -> accessLog.refused(client, RequestLine.parse(start), bytesIn,
          answer.length));
      ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(f -> {
        if (f.isSuccess()) {
          ((SocketChannel) ctx.channel()).shutdownOutput();
        } else {
          ctx.close();
        }
      });
      ctx.executor().schedule(() -> ctx.close(), REFUSAL_LINGER_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        bytesIn += b.readableBytes();
      }
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** What a connection is waiting for, which says which timeout applies. */
  private enum Phase {
    /** No request in progress: the idle timeout. */
    IDLE,
    /** A request's first bytes are here, its head is not yet: the header timeout. */
    HEAD,
    /** A request's body is arriving: the body timeout, between its bytes. */
    BODY,
    /** The request is whole (or its handler is reading it) and its answer is not sent yet: no timeout. */
    WAIT,
  }

  /** One request on a connection, from its head to its answer. */
  private static final class Call {
    final HttpRequest head;
    final Route route;
    final String method;
    final String path;
    final InetSocketAddress client;
    final Instant started = Instant.now();
    final long startNanos = System.nanoTime();
    final AccessRecord access = new AccessRecord();
    boolean keepAlive;
    long bytesIn;
    CompositeByteBuf whole;
    BodyStream stream;
    /** The handler has been given the request. */
    boolean dispatched;
    /** The rest of the body is read and dropped (the request was answered without it). */
    boolean discarding;
    boolean bodyEnded;
    /** The body turned out malformed while its handler was reading it: the answer is a 400 whatever it says. */
    boolean badBody;
    boolean answered;
    ChannelFuture sent;

    Call(HttpRequest head, Route route, String path, InetSocketAddress client) {
      this.head = head;
      this.route = route;
      this.method = head.method().name();
      this.path = path;
      this.client = client;
      this.keepAlive = HttpUtil.isKeepAlive(head);
    }

    void dropBody() {
      if (whole != null) {
        whole.release();
        whole = null;
      }
      if (stream != null) {
        stream.close();
      }
    }
  }

  /**
   * Reads each request off one connection and answers it: whole (up to {@code maxContentLength}) for
   * ordinary handlers, or as a stream for streaming ones. Every field is used on the connection's
   * event loop only; the workers hand their answers back to it.
   */
  private final class Dispatcher extends ChannelInboundHandlerAdapter {
    private final Channel ch;
    private final ReadGate gate;
    /** Pipelined requests (and their bodies) that arrived while the one before was being answered. */
    private final ArrayDeque<HttpObject> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Call cur;
    private boolean draining;
    private Phase phase = Phase.IDLE;
    private long phaseStart;
    private long lastBytes;
    /** Body bytes since {@link #lastBytes} last moved: a body's timer restarts only on real progress. */
    private long bytesSinceProgress;
    private ScheduledFuture<?> timeout;
    /**
     * The first bytes of a request that began on an idle connection, until its head is read: the route
     * of a request line too long for the decoder (which keeps nothing of it) is told from them.
     */
    private byte[] headStart;

    Dispatcher(Channel ch) {
      this.ch = ch;
      this.gate = new ReadGate(ch);
    }

    /** Sees the raw bytes before the HTTP decoder: a request's first byte starts its header timeout. */
    final class BytesSeen extends ChannelInboundHandlerAdapter {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        if (msg instanceof ByteBuf b) {
          // A body must bring BODY_PROGRESS_BYTES (or its end) per body timeout: a byte now and then
          // (a slow upload held open on purpose) does not keep a connection.
          bytesSinceProgress += b.readableBytes();
          if (phase != Phase.BODY || bytesSinceProgress >= BODY_PROGRESS_BYTES) {
            lastBytes = System.nanoTime();
            bytesSinceProgress = 0;
          }
          if (phase == Phase.IDLE && cur == null) {
            enter(Phase.HEAD);
            headStart = ByteBufUtil.getBytes(b, b.readerIndex(), Math.min(b.readableBytes(), HEAD_START));
          }
        }
        c.fireChannelRead(msg);
      }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      enter(Phase.IDLE);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof HttpObject o)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (!held.isEmpty() || (cur != null && o instanceof HttpRequest)) {
        // Answers go out in request order: this one waits until the one before is answered.
        held.add(o);
        gate.close(ReadGate.HELD);
        return;
      }
      handle(o);
    }

    private void handle(HttpObject o) {
      try {
        if (o instanceof HttpRequest req) {
          start(req);
        }
        if (o instanceof HttpContent c && cur != null) {
          content(cur, c);
        }
      } finally {
        ReferenceCountUtil.release(o);
      }
    }

    // ---- timeouts ----

    private void enter(Phase p) {
      phase = p;
      phaseStart = lastBytes = System.nanoTime();
      bytesSinceProgress = 0;
      if (timeout != null) {
        timeout.cancel(false);
        timeout = null;
      }
      long limit = limitNanos(p);
      if (limit > 0) {
        timeout = ctx.executor().schedule(this::checkTimeout, limit, TimeUnit.NANOSECONDS);
      }
    }

    private long limitNanos(Phase p) {
      return switch (p) {
        case IDLE -> settings.idleTimeout().toNanos();
        case HEAD -> settings.headerTimeout().toNanos();
        case BODY -> settings.bodyTimeout().toNanos();
        case WAIT -> 0;
      };
    }

    private void checkTimeout() {
      timeout = null;
      long now = System.nanoTime();
      if (phase == Phase.BODY && gate.closedFor(ReadGate.BODY_QUEUE)) {
        lastBytes = now; // not read because the handler is behind: the client is not to blame
      }
      long due = switch (phase) {
        case IDLE, HEAD -> phaseStart + limitNanos(phase);
        case BODY -> lastBytes + limitNanos(phase);
        case WAIT -> Long.MAX_VALUE;
      };
      if (due == Long.MAX_VALUE) {
        return;
      }
      if (now - due < 0) {
        timeout = ctx.executor().schedule(this::checkTimeout, due - now, TimeUnit.NANOSECONDS);
        return;
      }
      timedOut();
    }

    private void timedOut() {
      switch (phase) {
        case IDLE -> ctx.close();
        case HEAD -> {
          LOG.debug("{}: {} sent no whole request head in time", name, ch.remoteAddress());
          phase = Phase.WAIT;
          ctx.writeAndFlush(closing(Responses.text(HttpResponseStatus.REQUEST_TIMEOUT,
              "The request head did not arrive in time\n"))).addListener(ChannelFutureListener.CLOSE);
        }
        case BODY -> {
          LOG.debug("{}: {} stopped sending a request body", name, ch.remoteAddress());
          Call k = cur;
          if (k != null && !k.answered && !k.dispatched) {
            k.discarding = true;
            k.dropBody();
            answer(k, Responses.text(HttpResponseStatus.REQUEST_TIMEOUT, "The request body did not arrive in time\n"),
                false, true);
          } else {
            ctx.close(); // a handler is reading the body, or has answered already
          }
        }
        case WAIT -> { }
      }
    }

    // ---- requests ----

    private void start(HttpRequest req) {
      String uri = req.uri();
      int q = uri.indexOf('?');
      String rawPath = q >= 0 ? uri.substring(0, q) : uri;
      String path;
      try {
        path = QueryStringDecoder.decodeComponent(rawPath);
      } catch (IllegalArgumentException e) {
        path = rawPath;
      }
      Call k = new Call(req, route(path), path, (InetSocketAddress) ch.remoteAddress());
      cur = k;
      enter(Phase.BODY);
      byte[] begun = headStart;
      headStart = null;
      if (req.decoderResult().isFailure()) {
        k.discarding = true;
        Throwable cause = req.decoderResult().cause();
        FullHttpResponse refused;
        if (cause instanceof TooLongHttpLineException) {
          // The decoder has kept nothing of the line: its route is told from the request's first bytes.
          RequestLine line = begun == null ? null : RequestLine.parse(begun);
          refused = refusal(line == null ? null : route(line.path()), ServerRefusal.REQUEST_LINE_TOO_LONG);
        } else if (cause instanceof TooLongHttpHeaderException) {
          refused = refusal(k.route, ServerRefusal.HEADERS_TOO_LARGE); // the request line was read
        } else {
          refused = Responses.text(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request\n");
        }
        answer(k, refused, false, true);
        return;
      }
      String expect = req.headers().get(HttpHeaderNames.EXPECT);
      boolean continueExpected = expect != null && expect.equalsIgnoreCase("100-continue");
      if (expect != null && !continueExpected) {
        k.discarding = true;
        answer(k, Responses.text(HttpResponseStatus.EXPECTATION_FAILED, "Unsupported expectation\n"), false, true);
        return;
      }
      req.headers().remove(HttpHeaderNames.EXPECT);
      if (k.route == null) {
        k.discarding = true;
        // Without the 100 Continue the client may or may not send its body: only a close ends it cleanly.
        answer(k, Responses.text(HttpResponseStatus.NOT_FOUND, "No service at " + path + "\n"),
            k.keepAlive && !continueExpected, false);
        return;
      }
      boolean noBody = !HttpUtil.isTransferEncodingChunked(req) && HttpUtil.getContentLength(req, 0L) == 0;
      if (k.route.streaming() == null && HttpUtil.getContentLength(req, 0L) > maxContentLength) {
        k.discarding = true;
        answer(k, Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large\n"), false,
            true);
        return;
      }
      if (continueExpected && !noBody) {
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
            Unpooled.EMPTY_BUFFER));
      }
      if (k.route.streaming() != null) {
        k.stream = new BodyStream(gate);
        if (noBody) {
          // Complete now, not when the empty last content is read (the handler may answer first).
          k.stream.end();
          k.bodyEnded = true;
          enter(Phase.WAIT);
          dispatchStreaming(k, workers);
        }
        return;
      }
      k.whole = ctx.alloc().compositeBuffer(1024);
    }

    private void content(Call k, HttpContent c) {
      if (c.decoderResult().isFailure()) {
        malformedBody(k);
        return;
      }
      boolean last = c instanceof LastHttpContent;
      int n = c.content().readableBytes();
      k.bytesIn += n;
      if (k.bodyEnded) {
        return; // a request without a body (its empty end)
      }
      if (k.discarding) {
        if (last) {
          bodyDone(k);
        }
        return;
      }
      if (k.stream != null) {
        if (n > 0) {
          k.stream.offer(c.content().retain());
        }
        if (last) {
          k.stream.end();
        }
        // Run the handler once the request no longer waits on the client, or once a large body is under way.
        if (!k.dispatched && (last || k.bytesIn >= PROMPT_BODY)) {
          dispatchStreaming(k, last ? workers : uploads);
        }
        if (last) {
          bodyDone(k);
        }
        return;
      }
      if (n > 0) {
        k.whole.addComponent(true, c.content().retain());
      }
      if (k.whole.readableBytes() > maxContentLength) {
        k.dropBody();
        k.discarding = true;
        answer(k, Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large\n"), false,
            true);
        return;
      }
      if (last) {
        byte[] body = ByteBufUtil.getBytes(k.whole);
        k.whole.release();
        k.whole = null;
        bodyDone(k);
        dispatchWhole(k, body);
      }
    }

    /** A chunked body whose framing is broken (a bad chunk size): the request is refused with a 400. */
    private void malformedBody(Call k) {
      LOG.debug("{}: malformed request body from {}", name, ch.remoteAddress());
      k.keepAlive = false; // the decoder reads nothing more on this connection
      if (k.answered) {
        if (k.sent != null) {
          k.sent.addListener(ChannelFutureListener.CLOSE);
        }
        return;
      }
      if (k.dispatched) {
        k.badBody = true;
        k.stream.fail(); // the handler's answer is replaced by the 400
        return;
      }
      k.discarding = true;
      k.dropBody();
      answer(k, Responses.text(HttpResponseStatus.BAD_REQUEST, "Malformed request body\n"), false, true);
    }

    private void bodyDone(Call k) {
      k.bodyEnded = true;
      if (k.answered) {
        finish(k);
      } else if (cur == k) {
        enter(Phase.WAIT);
      }
    }

    private void dispatchWhole(Call k, byte[] body) {
      String uri = k.head.uri();
      int q = uri.indexOf('?');
      InboundRequest in = new InboundRequest(k.method, uri, q >= 0 ? uri.substring(0, q) : uri,
          q >= 0 ? uri.substring(q + 1) : "", k.head.headers().copy(), body, k.client,
          (InetSocketAddress) ch.localAddress(), k.access);
      RequestHandler handler = k.route.handler();
      submit(k, workers, () -> {
        FullHttpResponse resp;
        try {
          resp = handler.handle(in);
        } catch (Exception | Error e) {
          // The services map their own errors to protocol faults; this is the last line of defence.
          LOG.error("{}: unhandled error for {} {}", name, in.method(), in.rawPath(), e);
          resp = Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error\n");
        }
        FullHttpResponse r = resp;
        onLoop(() -> answer(k, r, k.keepAlive, false), r::release);
      });
    }

    private void dispatchStreaming(Call k, ThreadPoolExecutor pool) {
      String uri = k.head.uri();
      int q = uri.indexOf('?');
      StreamingRequest req = new StreamingRequest(k.method, uri, q >= 0 ? uri.substring(0, q) : uri,
          q >= 0 ? uri.substring(q + 1) : "", k.head.headers().copy(), k.stream, k.client,
          (InetSocketAddress) ch.localAddress(), k.access);
      StreamingHandler handler = k.route.streaming();
      BodyStream body = k.stream;
      submit(k, pool, () -> {
        StreamingResponse resp;
        try {
          resp = handler.handle(req);
        } catch (IOException e) {
          if (ch.isActive() && !body.broken()) {
            LOG.error("{}: unhandled error for {} {}", name, req.method(), req.rawPath(), e);
          } else {
            LOG.debug("{}: {} {} ended with its body: {}", name, req.method(), req.rawPath(), e.toString());
          }
          resp = StreamingResponse.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders(),
              "Internal error\n".getBytes(StandardCharsets.UTF_8));
        } catch (Exception | Error e) {
          LOG.error("{}: unhandled error for {} {}", name, req.method(), req.rawPath(), e);
          resp = StreamingResponse.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders(),
              "Internal error\n".getBytes(StandardCharsets.UTF_8));
        }
        boolean whole = body.complete();
        body.close();
        FileChannel file = null;
        if (resp.file() != null && !req.method().equals("HEAD") && resp.length() > 0) {
          try {
            file = fileBodies.open(resp.file(), resp.offset(), resp.length());
          } catch (IOException e) {
            LOG.warn("{}: cannot send {}: {}", name, resp.file(), e.toString());
            resp = StreamingResponse.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders(),
                "Internal error\n".getBytes(StandardCharsets.UTF_8));
          }
        }
        StreamingResponse r = resp;
        FileChannel f = file;
        onLoop(() -> answerStreaming(k, r, whole, f), () -> closeQuietly(f));
      });
      k.dispatched = true;
    }

    /** Hands a worker's result back to the event loop; {@code dropped} runs if the server has shut down. */
    private void onLoop(Runnable work, Runnable dropped) {
      try {
        ctx.executor().execute(work);
      } catch (RejectedExecutionException e) {
        dropped.run();
      }
    }

    private void submit(Call k, ThreadPoolExecutor pool, Runnable work) {
      try {
        pool.execute(work);
      } catch (RejectedExecutionException e) {
        k.discarding = true;
        k.dropBody();
        answer(k, refusal(k.route, ServerRefusal.BUSY), false, true);
      }
    }

    // ---- answers ----

    /**
     * Sends a whole answer. {@code closeWhenSent}: the connection ends as soon as it is out, whatever
     * is left of the request body; otherwise a connection not kept alive ends once the body has too.
     */
    private void answer(Call k, FullHttpResponse resp, boolean keepAlive, boolean closeWhenSent) {
      if (k.answered || !ch.isActive()) {
        resp.release();
        return;
      }
      if (!resp.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
      }
      k.keepAlive = keepAlive && !closeWhenSent;
      resp.headers().set(HttpHeaderNames.CONNECTION, k.keepAlive ? "keep-alive" : "close");
      int status = resp.status().code();
      long out = resp.content().readableBytes();
      ChannelFuture sent = ctx.writeAndFlush(resp);
      if (closeWhenSent) {
        sent.addListener(ChannelFutureListener.CLOSE);
      }
      answered(k, sent, status, out);
    }

    private void answerStreaming(Call k, StreamingResponse r, boolean bodyWhole, FileChannel file) {
      if (k.badBody) {
        closeQuietly(file);
        answer(k, Responses.text(HttpResponseStatus.BAD_REQUEST, "Malformed request body\n"), false, true);
        return;
      }
      if (k.answered || !ch.isActive()) {
        closeQuietly(file);
        return;
      }
      // A body the handler did not read to its end: answer, read the rest away, then close (closing at
      // once would reset a client still sending, before it reads the answer).
      k.keepAlive = k.keepAlive && bodyWhole;
      DefaultHttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status());
      resp.headers().add(r.headers());
      if (r.length() >= 0) {
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.length());
      }
      resp.headers().set(HttpHeaderNames.CONNECTION, k.keepAlive ? "keep-alive" : "close");
      ctx.write(resp);
      ChannelFuture sent;
      long out;
      if (k.method.equals("HEAD") || r.length() == 0 || (r.body() != null && r.body().length == 0)) {
        sent = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        out = 0;
      } else if (file != null) {
        fileBodies.write(ctx, file, r.file(), r.offset(), r.length());
        sent = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        out = r.length();
      } else {
        sent = ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(r.body())));
        out = r.body().length;
      }
      if (!k.bodyEnded) {
        // Answered before the body ended: the connection ends once the body has, or after the body
        // timeout of a client that keeps sending.
        ctx.executor().schedule(() -> ctx.close(), settings.bodyTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      answered(k, sent, r.status().code(), out);
    }

    private void answered(Call k, ChannelFuture sent, int status, long bytesOut) {
      k.answered = true;
      k.sent = sent;
      sent.addListener(f -> accessLog.write(k.started, k.client, k.access, k.method, k.path, status, k.bytesIn,
          bytesOut, (System.nanoTime() - k.startNanos) / 1_000_000));
      if (k.bodyEnded) {
        finish(k);
      }
    }

    /** The request has been read and answered: the next one may go. */
    private void finish(Call k) {
      if (cur != k) {
        return;
      }
      cur = null;
      if (!k.keepAlive) {
        k.sent.addListener(ChannelFutureListener.CLOSE);
        releaseHeld();
        enter(Phase.WAIT);
        return;
      }
      // The idle time starts once the answer is out (a large one may take a while to a slow reader).
      enter(Phase.WAIT);
      k.sent.addListener(f -> {
        if (cur == null && phase == Phase.WAIT && ch.isActive()) {
          enter(Phase.IDLE);
        }
      });
      drain();
    }

    /** Goes on with the requests that waited, until one of them is in progress. */
    private void drain() {
      if (draining) {
        return; // the loop below is already running further up the stack
      }
      draining = true;
      try {
        while (!held.isEmpty() && ch.isActive()) {
          if (cur != null && held.peek() instanceof HttpRequest) {
            return;
          }
          handle(held.poll());
        }
        if (held.isEmpty()) {
          gate.open(ReadGate.HELD);
        }
      } finally {
        draining = false;
      }
    }

    private void releaseHeld() {
      HttpObject o;
      while ((o = held.poll()) != null) {
        ReferenceCountUtil.release(o);
      }
    }

    private void closeQuietly(FileChannel f) {
      if (f != null) {
        try {
          f.close();
        } catch (IOException e) {
          // nothing to do: it was only read
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (timeout != null) {
        timeout.cancel(false);
        timeout = null;
      }
      Call k = cur;
      if (k != null) {
        if (k.stream != null && k.dispatched) {
          k.stream.fail(); // the handler reading it closes it
        } else if (k.stream != null) {
          k.stream.close();
        }
        if (k.whole != null) {
          k.whole.release();
          k.whole = null;
        }
      }
      releaseHeld();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("{}: connection error: {}", name, cause.toString());
      ctx.close();
    }
  }
}
