package org.eucalyptus.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's timer. What the connection waits for (its {@link Phase}) says which timeout of
 * {@link HttpSettings} applies; when it runs out, the connection's {@link Owner} ends it (it knows
 * what to answer). Sits before the HTTP decoder, where it sees the raw bytes: a request's first byte
 * starts its header timeout, and a body's timer restarts only on real progress. Used on the
 * connection's event loop only.
 */
final class ConnectionClock extends ChannelInboundHandlerAdapter {
  /** What a connection is waiting for, which says which timeout applies. */
  enum Phase {
    /** No request in progress: the idle timeout. */
    IDLE,
    /** A request's first bytes are here, its head is not yet: the header timeout. */
    HEAD,
    /** A request's body is arriving: the body timeout, between its bytes. */
    BODY,
    /** The request is whole (or its handler is reading it) and its answer is not sent yet: no timeout. */
    WAIT,
  }

  /** The connection the clock runs for. */
  interface Owner {
    /** A request is in progress (read, handled or being answered): new bytes do not begin one. */
    boolean requestInProgress();

    /** The first bytes of a request that begins on an idle connection. */
    void requestBegun(ByteBuf first);

    /** The phase's timeout ran out. */
    void timedOut(Phase phase);
  }

  private final HttpSettings settings;
  private final ReadGate gate;
  private final Owner owner;
  private ChannelHandlerContext ctx;
  private Phase phase = Phase.IDLE;
  private long phaseStart;
  private long lastBytes;
  /** Body bytes since {@link #lastBytes} last moved: a body's timer restarts only on real progress. */
  private long bytesSinceProgress;
  private ScheduledFuture<?> timeout;

  ConnectionClock(HttpSettings settings, ReadGate gate, Owner owner) {
    this.settings = settings;
    this.gate = gate;
    this.owner = owner;
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
  public void channelRead(ChannelHandlerContext c, Object msg) {
    if (msg instanceof ByteBuf b) {
      // A body must bring BODY_PROGRESS_BYTES (or its end) per body timeout: a byte now and then
      // (a slow upload held open on purpose) does not keep a connection.
      bytesSinceProgress += b.readableBytes();
      if (phase != Phase.BODY || bytesSinceProgress >= HttpServer.BODY_PROGRESS_BYTES) {
        lastBytes = System.nanoTime();
        bytesSinceProgress = 0;
      }
      if (phase == Phase.IDLE && !owner.requestInProgress()) {
        enter(Phase.HEAD);
        owner.requestBegun(b);
      }
    }
    c.fireChannelRead(msg);
  }

  Phase phase() {
    return phase;
  }

  void enter(Phase p) {
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
    owner.timedOut(phase);
  }

  /** The connection has ended: no more timeouts. */
  void stop() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
