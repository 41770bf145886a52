package org.eucalyptus.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.http.ConnectionClock.Phase;

/**
 * Reads each request off one connection and answers it, in the order the requests came (HTTP/1.1
 * pipelining): whole (up to the server's largest body) for ordinary handlers, or as a stream for
 * streaming ones. Requests that arrive while one is being answered wait, and the socket is not read
 * meanwhile. Every field is used on the connection's event loop only; the {@link HandlerRunner} hands
 * the handlers' answers back to it.
 */
final class Dispatcher extends ChannelInboundHandlerAdapter implements ConnectionClock.Owner {
  private static final Logger LOG = LogManager.getLogger(HttpServer.class);
  /** How much of a request's start is kept until its head is read, to tell its route if the line is too long. */
  private static final int HEAD_START = 512;

  /** What every connection of one server shares. */
  record Server(String name, HttpSettings settings, int maxContentLength, Function<String, HttpServer.Route> routes,
      HandlerRunner runner, FileBodySender fileBodies, AccessLog accessLog) {}

  private final String name;
  private final HttpSettings settings;
  private final int maxContentLength;
  private final Function<String, HttpServer.Route> routes;
  private final HandlerRunner runner;
  private final FileBodySender fileBodies;
  private final AccessLog accessLog;
  private final Channel ch;
  private final ReadGate gate;
  private final ConnectionClock clock;
  /** Pipelined requests (and their bodies) that arrived while the one before was being answered. */
  private final ArrayDeque<HttpObject> held = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private AnswerSender answers;
  private Call cur;
  private boolean draining;
  /**
   * The first bytes of a request that began on an idle connection, until its head is read: the route
   * of a request line too long for the decoder (which keeps nothing of it) is told from them.
   */
  private byte[] headStart;

  Dispatcher(Channel ch, Server server) {
    this.name = server.name();
    this.settings = server.settings();
    this.maxContentLength = server.maxContentLength();
    this.routes = server.routes();
    this.runner = server.runner();
    this.fileBodies = server.fileBodies();
    this.accessLog = server.accessLog();
    this.ch = ch;
    this.gate = new ReadGate(ch);
    this.clock = new ConnectionClock(settings, gate, this);
  }

  /** The connection's timer, to go before the HTTP decoder. */
  ConnectionClock clock() {
    return clock;
  }

  @Override
  public boolean requestInProgress() {
    return cur != null;
  }

  @Override
  public void requestBegun(ByteBuf first) {
    headStart = ByteBufUtil.getBytes(first, first.readerIndex(), Math.min(first.readableBytes(), HEAD_START));
  }

  /** Sends a whole answer (see {@link AnswerSender#answer}). */
  void answer(Call k, FullHttpResponse resp, boolean keepAlive, boolean closeWhenSent) {
    answers.answer(k, resp, keepAlive, closeWhenSent);
  }

  /** Sends a streaming handler's answer (see {@link AnswerSender#answerStreaming}). */
  void answerStreaming(Call k, StreamingResponse r, boolean bodyWhole, FileChannel file) {
    answers.answerStreaming(k, r, bodyWhole, file);
  }

  /** No thread is free for the request: it is answered 503 and the connection closed. */
  void busy(Call k) {
    k.discarding = true;
    k.dropBody();
    answer(k, ServerAnswers.refusal(k.route, ServerRefusal.BUSY,
        k.head.headers().contains("SOAPAction")), false, true);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.answers = new AnswerSender(ctx, settings, fileBodies, accessLog, this::finish);
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

  @Override
  public void timedOut(Phase phase) {
    switch (phase) {
      case IDLE -> ctx.close();
      case HEAD -> {
        LOG.debug("{}: {} sent no whole request head in time", name, ch.remoteAddress());
        clock.enter(Phase.WAIT);
        ctx.writeAndFlush(ServerAnswers.closing(Responses.text(HttpResponseStatus.REQUEST_TIMEOUT,
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
    Call k = new Call(req, routes.apply(path), path, (InetSocketAddress) ch.remoteAddress());
    cur = k;
    clock.enter(Phase.BODY);
    byte[] begun = headStart;
    headStart = null;
    if (req.decoderResult().isFailure()) {
      k.discarding = true;
      Throwable cause = req.decoderResult().cause();
      FullHttpResponse refused;
      if (cause instanceof TooLongHttpLineException) {
        // The decoder has kept nothing of the line: its route is told from the request's first bytes.
        RequestLine line = begun == null ? null : RequestLine.parse(begun);
        refused = ServerAnswers.refusal(line == null ? null : routes.apply(line.path()),
            ServerRefusal.REQUEST_LINE_TOO_LONG);
      } else if (cause instanceof TooLongHttpHeaderException) {
        // The request line was read; whether it speaks SOAP is told from its first bytes.
        refused = ServerAnswers.refusal(k.route, ServerRefusal.HEADERS_TOO_LARGE, ServerAnswers.speaksSoap(begun));
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
        clock.enter(Phase.WAIT);
        runner.streaming(ctx, k, false, this);
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
      if (!k.dispatched && (last || k.bytesIn >= HttpServer.PROMPT_BODY)) {
        runner.streaming(ctx, k, !last, this);
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
      runner.whole(ctx, k, body, this);
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
      clock.enter(Phase.WAIT);
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
      clock.enter(Phase.WAIT);
      return;
    }
    // The idle time starts once the answer is out (a large one may take a while to a slow reader).
    clock.enter(Phase.WAIT);
    k.sent.addListener(f -> {
      if (cur == null && clock.phase() == Phase.WAIT && ch.isActive()) {
        clock.enter(Phase.IDLE);
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

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    clock.stop();
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
