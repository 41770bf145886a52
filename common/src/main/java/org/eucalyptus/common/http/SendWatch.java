package org.eucalyptus.common.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Closes a connection whose answer makes no progress for the send timeout (HTTP_SEND_TIMEOUT_SEC): a
 * client that asks for a large answer and never reads it must not hold the connection, and the
 * answer's buffers, for ever. Progress is any byte of a queued answer reaching the socket; the clock
 * runs only while something is waiting to be sent. Sits next to the socket, where answers are bytes
 * and file regions; used on the connection's event loop only.
 */
final class SendWatch extends ChannelOutboundHandlerAdapter {
  private static final Logger LOG = LogManager.getLogger(SendWatch.class);

  private final long timeoutNanos;
  /** Writes queued and not yet wholly sent. */
  private int unsent;
  private long lastProgress;
  private ScheduledFuture<?> check;

  SendWatch(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (promise.isVoid()) {
      ctx.write(msg, promise); // nobody waits on it: nothing to watch it by
      return;
    }
    if (unsent++ == 0) {
      lastProgress = System.nanoTime();
      schedule(ctx, timeoutNanos);
    }
    ChannelProgressivePromise watched = ctx.newProgressivePromise();
    watched.addListener(new ChannelProgressiveFutureListener() {
      @Override
      public void operationProgressed(ChannelProgressiveFuture f, long progress, long total) {
        lastProgress = System.nanoTime();
      }

      @Override
      public void operationComplete(ChannelProgressiveFuture f) {
        lastProgress = System.nanoTime();
        unsent--;
        if (f.isSuccess()) {
          promise.trySuccess();
        } else {
          promise.tryFailure(f.cause());
        }
      }
    });
    ctx.write(msg, watched);
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    if (check == null) {
      check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check(ChannelHandlerContext ctx) {
    check = null;
    if (unsent <= 0 || !ctx.channel().isActive()) {
      return;
    }
    long idle = System.nanoTime() - lastProgress;
    if (idle >= timeoutNanos) {
      LOG.debug("{}: an answer made no progress for {} s: closing", ctx.channel().remoteAddress(),
          TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
      ctx.close();
      return;
    }
    schedule(ctx, timeoutNanos - idle);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
    super.close(ctx, promise);
  }
}
