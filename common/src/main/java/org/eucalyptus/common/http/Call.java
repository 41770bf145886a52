package org.eucalyptus.common.http;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.time.Instant;

/** One request on a connection, from its head to its answer. */
final class Call {
  final HttpRequest head;
  final HttpServer.Route route;
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

  Call(HttpRequest head, HttpServer.Route route, String path, InetSocketAddress client) {
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
