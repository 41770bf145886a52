package org.eucalyptus.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many attacking connections to one server, all on one thread with a selector (10,000 connections
 * need no 10,000 threads). It keeps {@code count} connections open: each runs an
 * {@link AttackScript}, and one the server ends after holding it is opened again after a pause (one
 * it refuses with a 503 only if {@code retryRefused}), new connections coming at most
 * {@code openPerSecond}. Connection {@code i} is bound to source address
 * {@code sources.get(i / perSource)}, so that no one address has more than {@code perSource}.
 * It records, per connection, how long it lived from open to closed by the server and what, if
 * anything, the server answered.
 */
final class ConnectionFlood {
  /** What the attack saw, from its start to its stop. */
  record Report(int count, long opened, long connectFailures, String firstConnectError, long refused,
      String refusalBody, Map<Integer, Long> otherAnswers, long closedUnanswered, long resets, List<Long> lifetimesMs,
      int stillOpen, long oldestOpenMs, int connecting) {}

  private static final long SECOND = 1_000_000_000L;

  private final InetSocketAddress server;
  private final AttackScript script;
  private final int openPerSecond;
  private final long reopenAfterNanos;
  private final boolean retryRefused;
  private final Conn[] conns;
  private final ArrayDeque<Conn> toOpen = new ArrayDeque<>();
  private final ByteBuffer readBuf = ByteBuffer.allocate(16 * 1024);
  private final Selector selector;
  private final Thread thread;
  private volatile boolean stopping;
  private final AtomicInteger openNow = new AtomicInteger(); // written by the selector loop, read by the bench
  /** Connections whose opening is not all written yet. */
  private int partialWrites;
  private Report report;
  private Throwable failure;

  // counters, kept by the flood's thread only
  private long opened;
  private long connectFailures;
  private String firstConnectError;
  private long refused;
  private String refusalBody;
  private final Map<Integer, Long> otherAnswers = new TreeMap<>();
  private long closedUnanswered;
  private long resets;
  private final List<Long> lifetimesMs = new ArrayList<>();

  private static final class Conn {
    final int index;
    final InetAddress source;
    SocketChannel channel;
    long openedAt = -1;
    ByteBuffer pending;
    boolean partial;
    long dribbled;
    long nextDribble;
    boolean dribbleDone;
    /** The answer's first bytes, if the server answered. */
    final StringBuilder answer = new StringBuilder();
    int status = -1;
    long reopenAt;

    Conn(int index, InetAddress source) {
      this.index = index;
      this.source = source;
    }
  }

  ConnectionFlood(String name, InetSocketAddress server, List<InetAddress> sources, int perSource, int count,
      AttackScript script, int openPerSecond, Duration reopenAfter, boolean retryRefused) throws IOException {
    if ((long) sources.size() * perSource < count) {
      throw new IllegalArgumentException(count + " connections need more than " + sources.size() + " addresses of "
          + perSource);
    }
    this.server = server;
    this.script = script;
    this.openPerSecond = openPerSecond;
    this.reopenAfterNanos = reopenAfter.toNanos();
    this.retryRefused = retryRefused;
    this.conns = new Conn[count];
    for (int i = 0; i < count; i++) {
      conns[i] = new Conn(i, sources.get(i / perSource));
      toOpen.add(conns[i]);
    }
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, "flood-" + name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Connections open right now. */
  int openNow() {
    return openNow.get();
  }

  /** Ends the attack: closes every connection and says what it saw. */
  Report stop() throws InterruptedException {
    stopping = true;
    selector.wakeup();
    thread.join();
    if (failure != null) {
      throw new IllegalStateException("the attack failed: " + failure, failure);
    }
    return report;
  }

  private void loop() {
    try {
      long lastTick = System.nanoTime();
      double tokens = 0;
      while (!stopping) {
        selector.select(20);
        long now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          Conn c = (Conn) key.attachment();
          if (key.isValid() && key.isConnectable()) {
            finishConnect(c, now);
          } else if (key.isValid() && key.isReadable()) {
            read(c, now);
          }
        }
        selector.selectedKeys().clear();
        tokens = Math.min(openPerSecond, tokens + openPerSecond * ((now - lastTick) / (double) SECOND));
        lastTick = now;
        while (tokens >= 1 && !toOpen.isEmpty() && toOpen.peekFirst().reopenAt <= now) {
          open(toOpen.pollFirst(), now);
          tokens--;
        }
        if (script.dribbles() || partialWrites > 0) {
          writeDue(now);
        }
      }
      report = finish(System.nanoTime());
    } catch (Throwable t) {
      failure = t;
    } finally {
      for (Conn c : conns) {
        closeQuietly(c);
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private void open(Conn c, long now) {
    c.openedAt = -1;
    c.status = -1;
    c.answer.setLength(0);
    c.dribbled = 0;
    c.dribbleDone = false;
    try {
      c.channel = SocketChannel.open();
      c.channel.configureBlocking(false);
      c.channel.bind(new InetSocketAddress(c.source, 0));
      if (c.channel.connect(server)) {
        connected(c, now);
      } else {
        c.channel.register(selector, SelectionKey.OP_CONNECT, c);
      }
    } catch (IOException e) {
      connectFailed(c, e, now);
    }
  }

  private void finishConnect(Conn c, long now) {
    try {
      if (c.channel.finishConnect()) {
        connected(c, now);
      }
    } catch (IOException e) {
      connectFailed(c, e, now);
    }
  }

  private void connected(Conn c, long now) throws IOException {
    opened++;
    openNow.incrementAndGet();
    c.openedAt = now;
    byte[] first = script.opening(c.index);
    c.pending = first.length > 0 ? ByteBuffer.wrap(first) : null;
    c.nextDribble = first.length > 0 ? now + SECOND : now;
    c.channel.register(selector, SelectionKey.OP_READ, c);
    if (c.pending != null) {
      write(c, now);
    }
  }

  private void connectFailed(Conn c, IOException e, long now) {
    connectFailures++;
    if (firstConnectError == null) {
      firstConnectError = e.toString();
    }
    closeQuietly(c);
    c.reopenAt = now + reopenAfterNanos;
    toOpen.addLast(c);
  }

  private void read(Conn c, long now) {
    readBuf.clear();
    int n;
    try {
      n = c.channel.read(readBuf);
    } catch (IOException e) {
      closedByServer(c, now, true);
      return;
    }
    if (n < 0) {
      closedByServer(c, now, false);
      return;
    }
    for (int i = 0; i < readBuf.position() && c.answer.length() < 512; i++) {
      c.answer.append((char) readBuf.get(i));
    }
    if (c.status < 0) {
      String s = c.answer.toString();
      if (s.startsWith("HTTP/1.") && s.length() >= 12) {
        try {
          c.status = Integer.parseInt(s.substring(9, 12));
        } catch (NumberFormatException e) {
          c.status = 0;
        }
      }
    }
  }

  private void writeDue(long now) {
    for (Conn c : conns) {
      if (c.openedAt >= 0 && (c.pending != null || (!c.dribbleDone && c.nextDribble <= now))) {
        write(c, now);
      }
    }
  }

  private void write(Conn c, long now) {
    try {
      if (c.pending != null) {
        c.channel.write(c.pending);
        boolean partial = c.pending.hasRemaining();
        if (partial != c.partial) {
          partialWrites += partial ? 1 : -1;
          c.partial = partial;
        }
        if (!partial) {
          c.pending = null;
        }
        return;
      }
      int b = script.dribble(c.index, c.dribbled);
      if (b < 0) {
        c.dribbleDone = true;
        return;
      }
      if (c.channel.write(ByteBuffer.wrap(new byte[] {(byte) b})) == 1) {
        c.dribbled++;
        c.nextDribble = now + SECOND;
      }
    } catch (IOException e) {
      closedByServer(c, now, true); // a write after the server closed: broken pipe or reset
    }
  }

  private void closedByServer(Conn c, long now, boolean reset) {
    if (c.openedAt < 0) {
      return;
    }
    if (reset) {
      resets++;
    }
    if (c.status == 503) {
      refused++;
      int body = c.answer.indexOf("\r\n\r\n");
      if (refusalBody == null && body > 0) {
        refusalBody = c.answer.substring(body + 4).strip();
      }
    } else {
      if (c.status >= 0) {
        otherAnswers.merge(c.status, 1L, Long::sum);
      } else {
        closedUnanswered++;
      }
      lifetimesMs.add((now - c.openedAt) / 1_000_000);
    }
    boolean again = c.status != 503 || retryRefused;
    closeQuietly(c);
    if (again) {
      c.reopenAt = now + reopenAfterNanos;
      toOpen.addLast(c);
    }
  }

  private Report finish(long now) {
    int stillOpen = 0;
    int connecting = 0;
    long oldest = 0;
    for (Conn c : conns) {
      if (c.openedAt >= 0) {
        stillOpen++;
        oldest = Math.max(oldest, (now - c.openedAt) / 1_000_000);
      } else if (c.channel != null && c.channel.isOpen()) {
        connecting++;
      }
    }
    return new Report(conns.length, opened, connectFailures, firstConnectError, refused, refusalBody,
        Map.copyOf(otherAnswers), closedUnanswered, resets,
        List.copyOf(lifetimesMs), stillOpen, oldest, connecting);
  }

  private void closeQuietly(Conn c) {
    if (c.openedAt >= 0) {
      openNow.decrementAndGet();
    }
    if (c.partial) {
      partialWrites--;
      c.partial = false;
    }
    c.openedAt = -1;
    c.pending = null;
    if (c.channel != null) {
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // closing
      }
      c.channel = null;
    }
  }

  /**
   * {@code n} loopback source addresses in 127.{@code block}.0.0/16: 127.{@code block}.0.2 to .251,
   * then 127.{@code block}.1.2, … (all of 127.0.0.0/8 is this host's on Linux).
   */
  static List<InetAddress> loopbackSources(int block, int n) throws IOException {
    List<InetAddress> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(InetAddress.getByAddress(new byte[] {127, (byte) block, (byte) (i / 250), (byte) (i % 250 + 2)}));
    }
    return out;
  }

}
