package org.eucalyptus.common.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the handlers of one server on its two pools (requests ready to run; streaming requests whose
 * body is still arriving) and hands each answer back to its connection's event loop. A pool with no
 * thread free has the request answered 503 instead.
 */
final class HandlerRunner {
  private static final Logger LOG = LogManager.getLogger(HttpServer.class);

  private final String name;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor uploads;
  private final FileBodySender fileBodies;

  HandlerRunner(String name, ThreadPoolExecutor workers, ThreadPoolExecutor uploads, FileBodySender fileBodies) {
    this.name = name;
    this.workers = workers;
    this.uploads = uploads;
    this.fileBodies = fileBodies;
  }

  private static boolean overTls(ChannelHandlerContext ctx) {
    return ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
  }

  /** Runs a whole-request handler on the worker pool; its answer goes back to {@code to} on the loop. */
  void whole(ChannelHandlerContext ctx, Call k, byte[] body, Dispatcher to) {
    String uri = k.head.uri();
    int q = uri.indexOf('?');
    InboundRequest in = new InboundRequest(k.method, uri, q >= 0 ? uri.substring(0, q) : uri,
        q >= 0 ? uri.substring(q + 1) : "", k.head.headers().copy(), body, k.client,
        (InetSocketAddress) ctx.channel().localAddress(), k.access, overTls(ctx));
    RequestHandler handler = k.route.handler();
    submit(k, workers, to, () -> {
      FullHttpResponse resp;
      try {
        resp = handler.handle(in);
      } catch (Exception | Error e) {
        // The services map their own errors to protocol faults; this is the last line of defence.
        LOG.error("{}: unhandled error for {} {}", name, in.method(), in.rawPath(), e);
        resp = Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error\n");
      }
      FullHttpResponse r = resp;
      onLoop(ctx, () -> to.answer(k, r, k.keepAlive, false), r::release);
    });
  }

  /**
   * Runs a streaming handler, on the upload pool while its body is still {@code arriving}, else on the
   * worker pool; its answer goes back to {@code to} on the loop.
   */
  void streaming(ChannelHandlerContext ctx, Call k, boolean arriving, Dispatcher to) {
    ThreadPoolExecutor pool = arriving ? uploads : workers;
    Channel ch = ctx.channel();
    String uri = k.head.uri();
    int q = uri.indexOf('?');
    StreamingRequest req = new StreamingRequest(k.method, uri, q >= 0 ? uri.substring(0, q) : uri,
        q >= 0 ? uri.substring(q + 1) : "", k.head.headers().copy(), k.stream, k.client,
        (InetSocketAddress) ch.localAddress(), k.access, overTls(ctx));
    StreamingHandler handler = k.route.streaming();
    BodyStream body = k.stream;
    submit(k, pool, to, () -> {
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
      onLoop(ctx, () -> to.answerStreaming(k, r, whole, f), () -> closeQuietly(f));
    });
    k.dispatched = true;
  }

  /** Hands a worker's result back to the event loop; {@code dropped} runs if the server has shut down. */
  private static void onLoop(ChannelHandlerContext ctx, Runnable work, Runnable dropped) {
    try {
      ctx.executor().execute(work);
    } catch (RejectedExecutionException e) {
      dropped.run();
    }
  }

  private static void submit(Call k, ThreadPoolExecutor pool, Dispatcher to,
      Runnable work) {
    try {
      pool.execute(work);
    } catch (RejectedExecutionException e) {
      to.busy(k);
    }
  }

  static void closeQuietly(FileChannel f) {
    if (f != null) {
      try {
        f.close();
      } catch (IOException e) {
        // nothing to do: it was only read
      }
    }
  }
}
