package org.eucalyptus.common.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * ({@link HttpSettings}), and connections over the caps are answered 503 and closed. Each answered
 * request is one line of the access log ({@link AccessLog}).
 *
 * <p>The parts, one job each: {@link AdmittingServerChannel} (and {@link LingeringRefusal}) admits each
 * connection within the caps or refuses it; {@link ConnectionClock} times what a connection waits for
 * and {@link SendWatch} its answers going out; {@link Dispatcher} reads the requests and answers them in
 * order; {@link HandlerRunner} runs the handlers on the pools; {@link ServerAnswers} words what the
 * server answers of itself.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(HttpServer.class);
  /** A streaming request body up to this long is read whole before its handler runs. */
  static final int PROMPT_BODY = 64 * 1024;
  /** What a request body must bring within each HTTP_BODY_TIMEOUT_SEC, unless it ends first. */
  static final int BODY_PROGRESS_BYTES = 8 * 1024;

  /** The longest request line taken; a longer one is answered {@link ServerRefusal#REQUEST_LINE_TOO_LONG}. */
  public static final int MAX_REQUEST_LINE = 4096;
  /** The largest header section taken; a larger one is answered {@link ServerRefusal#HEADERS_TOO_LARGE}. */
  public static final int MAX_HEADER_SECTION = 8192;

  /**
   * A handler for every path that starts with {@code prefix} (longest prefix wins): either one that
   * gets the whole request at once, or one that reads the body as a stream.
   *
   * @param refusals the answers a request here gets from the server itself (over a cap, no worker free,
   *     a head too large), in the protocol's own words; null, or null for one of them, for a plain one
   */
  public record Route(String prefix, RequestHandler handler, StreamingHandler streaming,
      Function<ServerRefusal, FullHttpResponse> refusals, Function<ServerRefusal, FullHttpResponse> soapRefusals) {
    public Route(String prefix, RequestHandler handler) {
      this(prefix, handler, null, null, null);
    }

    public Route(String prefix, RequestHandler handler, StreamingHandler streaming,
        Function<ServerRefusal, FullHttpResponse> refusals) {
      this(prefix, handler, streaming, refusals, null);
    }

    public static Route streaming(String prefix, StreamingHandler handler) {
      return new Route(prefix, null, handler, null, null);
    }

    /**
     * This route, answering requests that speak SOAP (they carry a SOAPAction header) with
     * {@code soapRefusals} where one path serves SOAP beside another protocol (EC2's).
     */
    public Route withSoapRefusals(Function<ServerRefusal, FullHttpResponse> soapRefusals) {
      return new Route(prefix, handler, streaming, refusals, soapRefusals);
    }

    /** This route, answering "too busy" with {@code busy}'s 503 (its other refusals plain). */
    public Route withBusyAnswer(Supplier<FullHttpResponse> busy) {
      return withRefusals(why -> why == ServerRefusal.BUSY ? busy.get() : null);
    }

    /** This route, with the server's own answers in its protocol's words. */
    public Route withRefusals(Function<ServerRefusal, FullHttpResponse> refusals) {
      return new Route(prefix, handler, streaming, refusals, soapRefusals);
    }
  }

  private final String name;
  private final InetSocketAddress bindAddress;
  private final List<Route> routes;
  private final HttpSettings settings;
  /** Event loops, and the pools for requests whose body has all arrived and for uploads still arriving. */
  private final ServerThreads threads;
  /** Whether {@link #threads} are this server's own, to end with it (else shared, ended by their maker). */
  private final boolean ownThreads;
  private final EventLoopGroup group;
  private final FileBodySender fileBodies = new FileBodySender();
  private final ConnectionLimits limits;
  private final AccessLog accessLog;
  /** Every open connection, so that close() ends them too (a closed server must not leave clients hanging). */
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Dispatcher.Server dispatching;
  /** TLS on every connection (the HTTPS twin of a plain port), or null: plain HTTP. */
  private final SslContext tls;
  private Channel channel;

  /**
   * @param maxContentLength the largest body a whole-request handler is given
   * @param maxWorkers threads of each pool: requests ready to run, and uploads still arriving
   */
  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, int maxContentLength,
      int maxWorkers, HttpSettings settings) {
    this(name, bindAddress, routes, maxContentLength, settings, new ServerThreads(name, 2, maxWorkers), true, null);
  }

  /**
   * A server on {@code shared} threads, which it leaves running when it closes (many servers in one
   * process: the node simulator).
   */
  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, HttpSettings settings,
      ServerThreads shared) {
    this(name, bindAddress, routes, 64 * 1024 * 1024, settings, shared, false, null);
  }

  /**
   * A server of HTTPS on {@code shared} threads: every connection speaks TLS with {@code tls} first
   * (the HTTPS twin of a plain port, serving the same routes).
   */
  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, HttpSettings settings,
      ServerThreads shared, SslContext tls) {
    this(name, bindAddress, routes, 64 * 1024 * 1024, settings, shared, false, java.util.Objects.requireNonNull(tls));
  }

  private HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, int maxContentLength,
      HttpSettings settings, ServerThreads threads, boolean ownThreads, SslContext tls) {
    this.name = name;
    this.tls = tls;
    this.bindAddress = bindAddress;
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    this.routes = List.copyOf(sorted);
    this.settings = settings;
    this.threads = threads;
    this.ownThreads = ownThreads;
    this.group = threads.group;
    this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerClient());
    this.accessLog = new AccessLog(name);
    this.dispatching = new Dispatcher.Server(name, settings, maxContentLength, this::route,
        new HandlerRunner(name, threads.workers, threads.uploads, fileBodies), fileBodies, accessLog);
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
            .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    byte[] refused = ch.attr(AdmittingServerChannel.REFUSED).get();
                    if (refused != null && tls != null) {
                      // What was read is the start of a TLS handshake: a plain 503 would be noise to the
                      // client. The refusal is the connection's end (and its line in the access log).
                      accessLog.refused(ch.remoteAddress(), null, refused.length, 0);
                      ch.close();
                      return;
                    }
                    if (refused != null) {
                      ch.pipeline().addLast(new LingeringRefusal(name, refused, refusalAnswer(refused), accessLog));
                      return;
                    }
                    Dispatcher d = new Dispatcher(ch, dispatching);
                    if (tls != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(new SendWatch(settings.sendTimeout()))
                        .addLast(d.clock())
                        // Body pieces as large as each read, not 8 KiB: fewer hand-offs and writes per byte.
                        .addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxChunkSize(256 * 1024)
                            .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADER_SECTION)));
                    if (tls != null) {
                      // A file body goes out in pieces through TLS (sendfile cannot encrypt): FileBodySender.
                      ch.pipeline().addLast(new ChunkedWriteHandler());
                    }
                    ch.pipeline().addLast(d);
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
    if (ownThreads) {
      threads.close();
    }
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

  /** The 503, as bytes, of a connection refused over a cap whose request begins with {@code start}. */
  byte[] refusalAnswer(byte[] start) {
    RequestLine line = RequestLine.parse(start);
    ByteBuf b = ServerAnswers.encode(ServerAnswers.refusal(line == null ? null : route(line.path()),
        ServerRefusal.BUSY, ServerAnswers.speaksSoap(start)));
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }
}
