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
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
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

  /** A handler for every path that starts with {@code prefix} (longest prefix wins). */
  public record Route(String prefix, RequestHandler handler) {}

  private final String name;
  private final InetSocketAddress bindAddress;
  private final List<Route> routes;
  private final int maxContentLength;
  private final EventLoopGroup group;
  private final ExecutorService workers;
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
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(maxContentLength))
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

  private RequestHandler route(String path) {
    for (Route r : routes) {
      String p = r.prefix();
      if (path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/") || p.equals("/")) {
        return r.handler();
      }
    }
    return null;
  }

  private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
      String uri = msg.uri();
      int q = uri.indexOf('?');
      String rawPath = q >= 0 ? uri.substring(0, q) : uri;
      String rawQuery = q >= 0 ? uri.substring(q + 1) : "";
      InboundRequest req =
          new InboundRequest(
              msg.method().name(), uri, rawPath, rawQuery, msg.headers().copy(),
              ByteBufUtil.getBytes(msg.content()),
              (InetSocketAddress) ctx.channel().remoteAddress(),
              (InetSocketAddress) ctx.channel().localAddress());
      boolean keepAlive = HttpUtil.isKeepAlive(msg);
      RequestHandler handler = route(req.path());
      if (handler == null) {
        write(ctx, Responses.text(HttpResponseStatus.NOT_FOUND, "No service at " + req.path() + "\n"), keepAlive);
        return;
      }
      try {
        workers.execute(() -> {
          FullHttpResponse resp;
          try {
            resp = handler.handle(req);
          } catch (Exception | Error e) {
            // The services map their own errors to protocol faults; this is the last line of defence.
            LOG.error("{}: unhandled error for {} {}", name, req.method(), req.uri(), e);
            resp = Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error\n");
          }
          write(ctx, resp, keepAlive);
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        write(ctx, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Server busy\n"), false);
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
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("{}: connection error: {}", name, cause.toString());
      ctx.close();
    }
  }
}
