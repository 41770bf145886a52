package org.eucalyptus.common.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the answers to one connection's requests (whole ones, and streaming ones from memory or a
 * file) and notes each in the access log once it is out. Used on the connection's event loop only.
 */
final class AnswerSender {
  private final ChannelHandlerContext ctx;
  private final HttpSettings settings;
  private final FileBodySender fileBodies;
  private final AccessLog accessLog;
  /** Told of a request that has been answered and whose body has been read to its end. */
  private final Consumer<Call> answeredAndRead;

  AnswerSender(ChannelHandlerContext ctx, HttpSettings settings, FileBodySender fileBodies, AccessLog accessLog,
      Consumer<Call> answeredAndRead) {
    this.ctx = ctx;
    this.settings = settings;
    this.fileBodies = fileBodies;
    this.accessLog = accessLog;
    this.answeredAndRead = answeredAndRead;
  }

  /**
   * Sends a whole answer. {@code closeWhenSent}: the connection ends as soon as it is out, whatever
   * is left of the request body; otherwise a connection not kept alive ends once the body has too.
   */
  void answer(Call k, FullHttpResponse resp, boolean keepAlive, boolean closeWhenSent) {
    if (k.answered || !ctx.channel().isActive()) {
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
  /** Sends a streaming handler's answer: its head, then its body from memory or from a file. */
  void answerStreaming(Call k, StreamingResponse r, boolean bodyWhole, FileChannel file) {
    if (k.badBody) {
      HandlerRunner.closeQuietly(file);
      answer(k, Responses.text(HttpResponseStatus.BAD_REQUEST, "Malformed request body\n"), false, true);
      return;
    }
    if (k.answered || !ctx.channel().isActive()) {
      HandlerRunner.closeQuietly(file);
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
      answeredAndRead.accept(k);
    }
  }
}
