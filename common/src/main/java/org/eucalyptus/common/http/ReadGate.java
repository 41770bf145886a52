package org.eucalyptus.common.http;

import io.netty.channel.Channel;

/**
 * Whether a connection's socket is read. Two parts of the server stop reading for reasons of their
 * own (a body the handler has not caught up with; pipelined requests waiting for the one before to
 * be answered), and reading resumes only once neither wants it stopped.
 *
 * <p>Not final: {@code BodyStreamLostWakeupTest} extends it to run a reader exactly before a close.
 */
class ReadGate {
  /** A streaming body has more queued than the handler has read. */
  static final int BODY_QUEUE = 1;
  /** Requests wait behind the one being answered. */
  static final int HELD = 2;

  private final Channel channel;
  private int closedBy;

  ReadGate(Channel channel) {
    this.channel = channel;
  }

  synchronized void close(int reason) {
    if (closedBy == 0) {
      channel.config().setAutoRead(false);
    }
    closedBy |= reason;
  }

  synchronized void open(int reason) {
    if (closedBy == 0) {
      return;
    }
    closedBy &= ~reason;
    if (closedBy == 0) {
      channel.config().setAutoRead(true);
    }
  }

  synchronized boolean closedFor(int reason) {
    return (closedBy & reason) != 0;
  }
}
