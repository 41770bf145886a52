package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/**
 * The lost wakeup between the event loop counting a streaming body's queue and closing the read
 * gate (commit 9b90d2b), driven in exactly that order: the event loop's offer() counts the queue
 * above its high-water mark; before it closes the gate, the handler's thread drains the queue, and
 * its taken() opens a gate that is not closed yet; then the close lands. The socket must still be
 * read afterwards, or the connection stalls forever with nothing queued.
 */
@UnitTest
class BodyStreamLostWakeupTest {
  private static final int MIB = 1024 * 1024;

  /** A gate whose first BODY_QUEUE close first lets the handler's thread run {@code beforeClose} to its end. */
  private static final class LateClosingGate extends ReadGate {
    private final AtomicReference<Runnable> beforeClose = new AtomicReference<>();

    LateClosingGate(EmbeddedChannel ch) {
      super(ch);
    }

    /** Not synchronized, as the real gap is not: the handler's open() finds the gate still open. */
    @Override
    @SuppressWarnings("UnsynchronizedOverridesSynchronized") // on purpose: the handler runs before the lock is taken
    void close(int reason) {
      Runnable r = beforeClose.getAndSet(null);
      if (r != null) {
        Thread handler = new Thread(r, "handler");
        handler.start();
        try {
          handler.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      super.close(reason);
    }
  }

  @Test
  void aDrainBetweenTheCountAndTheCloseLeavesTheSocketRead() {
    EmbeddedChannel channel = new EmbeddedChannel();
    assertThat(channel.config().isAutoRead()).isTrue();
    LateClosingGate gate = new LateClosingGate(channel);
    BodyStream body = new BodyStream(gate);
    AtomicLong drained = new AtomicLong();
    gate.beforeClose.set(() -> {
      byte[] buf = new byte[8 * MIB];
      try {
        drained.addAndGet(body.read(buf, 0, buf.length));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });

    // Five 1 MiB pieces: the fifth takes the queue over the 4 MiB high-water mark.
    for (int i = 0; i < 5; i++) {
      body.offer(Unpooled.wrappedBuffer(new byte[MIB]));
    }

    assertThat(drained.get()).as("the handler read everything queued").isEqualTo(5L * MIB);
    assertThat(gate.closedFor(ReadGate.BODY_QUEUE)).as("the gate closed for a queue that is empty").isFalse();
    assertThat(channel.config().isAutoRead()).as("the socket is read again").isTrue();
    body.close();
    channel.finishAndReleaseAll();
  }
}
