package org.eucalyptus.sc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback in front of a server, standing for a slow network: the first connection's
 * upstream bytes stop flowing once {@code pauseAfter} of them have passed, until {@link #release()};
 * the bytes keep arriving at the relay's socket meanwhile (the sender blocks when its buffers fill,
 * as it would on a congested link). Every later connection passes freely. A side that ends or
 * breaks ends the other, so the server sees a client's death as it would without the relay.
 */
final class PausingRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final long pauseAfter;
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch paused = new CountDownLatch(1);
  private final AtomicBoolean first = new AtomicBoolean(true);
  private final AtomicLong passed = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  PausingRelay(InetSocketAddress target, long pauseAfter) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    this.pauseAfter = pauseAfter;
    Thread accept = new Thread(this::acceptLoop, "relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Waits until the first connection has passed {@code pauseAfter} bytes upstream and is held. */
  boolean awaitPaused(long seconds) throws InterruptedException {
    return paused.await(seconds, TimeUnit.SECONDS);
  }

  /** Bytes the first connection has passed upstream. */
  long passed() {
    return passed.get();
  }

  /** Lets the held connection's bytes flow again. */
  void release() {
    released.countDown();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        boolean held = first.getAndSet(false);
        pump(client, server, held);
        pump(server, client, false);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean held) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          if (held && passed.addAndGet(n) >= pauseAfter && released.getCount() > 0) {
            paused.countDown();
            released.await();
          }
        }
      } catch (IOException | InterruptedException e) {
        // one side ended or broke: end both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    release();
    listener.close();
    sockets.forEach(PausingRelay::closeQuietly);
  }
}
