package org.eucalyptus.common.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The HTTP front of every component: one Netty server on one port, routing by path prefix to
 * {@link RequestHandler}s that run on a worker pool (they may block on a database or a long poll).
 * Several services share a port by registering different prefixes, as CLC and Walrus do on 8773.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(HttpServer.class);

  /**
   * A handler for every path that starts with {@code prefix} (longest prefix wins): either one that
   * gets the whole request at once, or one that reads the body as a stream.
   */
  public record Route(String prefix, RequestHandler handler, StreamingHandler streaming) {
    public Route(String prefix, RequestHandler handler) {
      this(prefix, handler, null);
    }

    public static Route streaming(String prefix, StreamingHandler handler) {
      return new Route(prefix, null, handler);
    }
  }

  private final String name;
  private final InetSocketAddress bindAddress;
  private final List<Route> routes;
  private final int maxContentLength;
  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final FileBodySender fileBodies = new FileBodySender();
  /** Every open connection, so that close() ends them too (a closed server must not leave clients hanging). */
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private Channel channel;

  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes, int maxContentLength, int maxWorkers) {
    this.name = name;
    this.bindAddress = bindAddress;
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    this.routes = List.copyOf(sorted);
    this.maxContentLength = maxContentLength;
    this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            0, maxWorkers, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  public HttpServer(String name, InetSocketAddress bindAddress, List<Route> routes) {
    this(name, bindAddress, routes, 64 * 1024 * 1024, 256);
  }

  public HttpServer start() throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // Large bodies (object uploads) arrive in reads of up to 256 KiB rather than Netty's 64 KiB.
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(
                512, 16 * 1024, 256 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline()
                        // Body pieces as large as each read, not 8 KiB: fewer hand-offs and writes per byte.
                        .addLast(new HttpServerCodec(new io.netty.handler.codec.http.HttpDecoderConfig()
                            .setMaxChunkSize(256 * 1024)))
                        .addLast(new HttpServerExpectContinueHandler())
                        .addLast(new Dispatcher());
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

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
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

  /**
   * Reads each request off the connection: whole (up to {@code maxContentLength}) for ordinary
   * handlers, or as a stream handed to a worker for streaming ones.
   */
  private final class Dispatcher extends ChannelInboundHandlerAdapter {
    private HttpRequest head;
    private Route current;
    private CompositeByteBuf whole;
    private BodyStream stream;
    private boolean discarding;
    /** Answered before its body ended: read the rest of the body away, then close once this answer is sent. */
    private ChannelFuture closeAtBodyEnd;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpRequest req) {
          start(ctx, req);
        }
        if (msg instanceof HttpContent c) {
          content(ctx, c);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest req) {
      head = req;
      closeAtBodyEnd = null;
      discarding = false;
      if (req.decoderResult().isFailure()) {
        discarding = true;
        write(ctx, Responses.text(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request\n"), false);
        return;
      }
      String uri = req.uri();
      int q = uri.indexOf('?');
      String path = QueryStringDecoder.decodeComponent(q >= 0 ? uri.substring(0, q) : uri);
      current = route(path);
      if (current == null) {
        discarding = true;
        write(ctx, Responses.text(HttpResponseStatus.NOT_FOUND, "No service at " + path + "\n"),
            HttpUtil.isKeepAlive(req));
        return;
      }
      if (current.streaming() != null) {
        stream = new BodyStream(ctx.channel());
        BodyStream body = stream;
        if (!HttpUtil.isTransferEncodingChunked(req) && HttpUtil.getContentLength(req, 0L) == 0) {
          // No body: complete now, not when the empty last content is read (the worker may answer first).
          body.end();
          stream = null;
        }
        StreamingRequest sreq = new StreamingRequest(req.method().name(), uri, q >= 0 ? uri.substring(0, q) : uri,
            q >= 0 ? uri.substring(q + 1) : "", req.headers().copy(), body,
            (InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress());
        runStreaming(ctx, current.streaming(), sreq, body, HttpUtil.isKeepAlive(req));
        return;
      }
      if (HttpUtil.getContentLength(req, 0L) > maxContentLength) {
        discarding = true;
        write(ctx, Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large\n"), false);
        return;
      }
      whole = ctx.alloc().compositeBuffer(1024);
    }

    private void content(ChannelHandlerContext ctx, HttpContent c) {
      boolean last = c instanceof LastHttpContent;
      if (discarding) {
        return;
      }
      if (stream != null) {
        if (c.content().isReadable()) {
          stream.offer(c.content().retain());
        }
        if (last) {
          stream.end();
          stream = null;
          if (closeAtBodyEnd != null) {
            closeAtBodyEnd.addListener(ChannelFutureListener.CLOSE);
          }
        }
        return;
      }
      if (whole == null) {
        return;
      }
      if (c.content().isReadable()) {
        whole.addComponent(true, c.content().retain());
      }
      if (whole.readableBytes() > maxContentLength) {
        whole.release();
        whole = null;
        discarding = true;
        write(ctx, Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large\n"), false);
        return;
      }
      if (last) {
        byte[] body = ByteBufUtil.getBytes(whole);
        whole.release();
        whole = null;
        runWhole(ctx, current.handler(), head, body);
      }
    }

    private void runWhole(ChannelHandlerContext ctx, RequestHandler handler, HttpRequest req, byte[] body) {
      String uri = req.uri();
      int q = uri.indexOf('?');
      InboundRequest in = new InboundRequest(req.method().name(), uri, q >= 0 ? uri.substring(0, q) : uri,
          q >= 0 ? uri.substring(q + 1) : "", req.headers().copy(), body,
          (InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress());
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      submit(ctx, () -> {
        FullHttpResponse resp;
        try {
          resp = handler.handle(in);
        } catch (Exception | Error e) {
          // The services map their own errors to protocol faults; this is the last line of defence.
          LOG.error("{}: unhandled error for {} {}", name, in.method(), in.uri(), e);
          resp = Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error\n");
        }
        write(ctx, resp, keepAlive);
      });
    }

    private void runStreaming(ChannelHandlerContext ctx, StreamingHandler handler, StreamingRequest req,
        BodyStream body, boolean keepAlive) {
      submit(ctx, () -> {
        StreamingResponse resp;
        try {
          resp = handler.handle(req);
        } catch (Exception | Error e) {
          LOG.error("{}: unhandled error for {} {}", name, req.method(), req.uri(), e);
          resp = StreamingResponse.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders(),
              "Internal error\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // A body the handler did not read to its end: answer, read the rest away, then close (closing
        // at once would reset a client still sending, before it reads the answer).
        boolean whole = body.complete();
        body.close();
        writeStreaming(ctx, resp, keepAlive && whole, req.method().equals("HEAD"), !whole);
      });
    }

    private void submit(ChannelHandlerContext ctx, Runnable work) {
      try {
        workers.execute(work);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        write(ctx, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Server busy\n"), false);
      }
    }

    private void writeStreaming(ChannelHandlerContext ctx, StreamingResponse r, boolean keepAlive, boolean head,
        boolean bodyPending) {
      DefaultHttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status());
      resp.headers().add(r.headers());
      if (r.length() >= 0) {
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.length());
      }
      resp.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? "keep-alive" : "close");
      ctx.write(resp);
      ChannelFuture done;
      if (head || r.length() == 0 || (r.body() != null && r.body().length == 0)) {
        done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      } else if (r.file() != null) {
        try {
          fileBodies.send(ctx, r.file(), r.offset(), r.length());
        } catch (IOException e) {
          // The head is queued: all that is left is to end the connection, so the client sees a short body.
          LOG.warn("{}: cannot send {}: {}", name, r.file(), e.toString());
          ctx.close();
          return;
        }
        done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      } else {
        done = ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(r.body())));
      }
      if (bodyPending) {
        // Closed once the answer is out (a close before would cut it short), and not before the body has
        // ended, or after 30 s of a client that keeps sending.
        ChannelFuture sent = done;
        ctx.executor().execute(() -> {
          if (stream == null) {
            sent.addListener(ChannelFutureListener.CLOSE); // the body ended meanwhile
          } else {
            closeAtBodyEnd = sent;
            ctx.executor().schedule(() -> ctx.close(), 30, TimeUnit.SECONDS);
          }
        });
      } else if (!keepAlive) {
        done.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive) {
      if (!resp.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
      }
      if (keepAlive) {
        resp.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        ctx.writeAndFlush(resp);
      } else {
        resp.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (stream != null) {
        stream.fail();
        stream = null;
      }
      if (whole != null) {
        whole.release();
        whole = null;
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("{}: connection error: {}", name, cause.toString());
      ctx.close();
    }
  }
}
