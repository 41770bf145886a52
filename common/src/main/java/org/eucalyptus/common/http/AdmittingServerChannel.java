package org.eucalyptus.common.http;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The listening socket, deciding for each connection as it is accepted whether it is served (within
 * the caps of {@link ConnectionLimits}) or refused with a 503. A refusal costs little, so that a
 * flood of connections drains from the kernel's accept queue as fast as it comes:
 *
 * <ul>
 *   <li>one whose client has sent nothing yet (an idle flood) gets a plain 503 and is closed at once,
 *       without ever becoming a Netty channel;
 *   <li>one whose request has begun gets its route's 503 (the request line says which), and while
 *       fewer than {@link #MAX_LINGERING_REFUSALS} are doing so it lingers a moment as a channel
 *       carrying {@link #REFUSED}, reading the rest of the request away so that the client sees the
 *       answer (closed with unread data, the socket would be reset); beyond that it is answered and
 *       closed at once too.
 * </ul>
 *
 * So the process holds at most HTTP_MAX_CONNECTIONS + {@link #MAX_LINGERING_REFUSALS} connections
 * (and one in hand), however many connect, and never stops accepting. Each refusal is a line of the
 * access log ({@link AccessLog#refused}).
 */
final class AdmittingServerChannel extends NioServerSocketChannel {
  private static final Logger LOG = LogManager.getLogger(AdmittingServerChannel.class);
  /** On a refused connection that lingers: the first bytes of its request, which say whose 503 it gets. */
  static final AttributeKey<byte[]> REFUSED = AttributeKey.valueOf("eucalyptus.http.refused");
  /** Refused connections that may linger at once to read their request away. */
  static final int MAX_LINGERING_REFUSALS = 32;
  /** How much of a refused connection's request is read to find its route (the request line). */
  private static final int START_BYTES = RequestLine.MAX;
  /** Refusals handled in one turn of the listener's loop before it sees to its other work. */
  private static final int REFUSALS_PER_TURN = 256;
  private static final byte[] PLAIN_503 = ("HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + ServerAnswers.PLAIN_BUSY.length()
      + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + ServerAnswers.PLAIN_BUSY).getBytes(StandardCharsets.ISO_8859_1);

  private final ConnectionLimits limits;
  /** A refused request's 503 as bytes on the wire, from the first bytes of the request. */
  private final Function<byte[], byte[]> busyAnswer;
  private final AccessLog accessLog;
  private final AtomicInteger lingering = new AtomicInteger();
  /** Used on the listener's loop only. */
  private final ByteBuffer start = ByteBuffer.allocate(START_BYTES);

  AdmittingServerChannel(ConnectionLimits limits, Function<byte[], byte[]> busyAnswer, AccessLog accessLog) {
    this.limits = limits;
    this.busyAnswer = busyAnswer;
    this.accessLog = accessLog;
  }

  @Override
  protected int doReadMessages(List<Object> buf) throws Exception {
    for (int i = 0; i < REFUSALS_PER_TURN; i++) {
      SocketChannel s = javaChannel().accept();
      if (s == null) {
        return 0;
      }
      try {
        NioSocketChannel child = admit(s);
        if (child != null) {
          buf.add(child);
          return 1;
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("cannot take a connection: {}", e.toString());
        closeQuietly(s);
      }
    }
    return 0; // more may wait: the listener is still ready, and the next turn goes on
  }

  /** The connection as a channel to set up, or null when it has been refused and closed already. */
  private NioSocketChannel admit(SocketChannel s) throws IOException {
    InetSocketAddress remote = (InetSocketAddress) s.getRemoteAddress();
    InetAddress client = remote.getAddress();
    if (limits.tryOpen(client)) {
      NioSocketChannel child;
      try {
        child = new NioSocketChannel(this, s);
      } catch (RuntimeException e) {
        limits.closed(client);
        throw e;
      }
      child.closeFuture().addListener(f -> limits.closed(client));
      return child;
    }
    s.configureBlocking(false);
    start.clear();
    int n = s.read(start);
    if (n <= 0) {
      // Nothing sent yet: no route to answer for and nothing to read away.
      int out = s.write(ByteBuffer.wrap(PLAIN_503));
      s.close();
      accessLog.refused(remote, null, 0, out);
      return null;
    }
    byte[] request = Arrays.copyOf(start.array(), n);
    if (lingering.incrementAndGet() <= MAX_LINGERING_REFUSALS) {
      NioSocketChannel child;
      try {
        child = new NioSocketChannel(this, s);
      } catch (RuntimeException e) {
        lingering.decrementAndGet();
        throw e;
      }
      child.attr(REFUSED).set(request);
      child.closeFuture().addListener(f -> lingering.decrementAndGet());
      return child;
    }
    lingering.decrementAndGet();
    // Too many lingering already: answered all the same, what is there of the request read away, closed.
    int out = s.write(ByteBuffer.wrap(busyAnswer.apply(request)));
    long in = n;
    for (int i = 0; i < 8; i++) {
      start.clear();
      int more = s.read(start);
      if (more <= 0) {
        break;
      }
      in += more;
    }
    s.close();
    accessLog.refused(remote, RequestLine.parse(request), in, out);
    return null;
  }

  private static void closeQuietly(SocketChannel s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
