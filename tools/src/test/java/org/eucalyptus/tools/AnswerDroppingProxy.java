package org.eucalyptus.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a server that can lose answers: while armed, the first answer to a
 * request containing a marker (say a SOAP operation's name) is dropped and both connections are
 * closed, after the server has received and carried out the request. What a client sees when the
 * server dies right after doing the work, or the network loses the reply. It also counts the
 * requests with the marker that await their answer at once (the most there were): a client's long
 * polls, say.
 */
final class AnswerDroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final String marker;
  private final AtomicInteger toDrop = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger awaiting = new AtomicInteger();
  private final AtomicInteger mostAwaiting = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  AnswerDroppingProxy(int targetPort, String marker) throws IOException {
    this.target = targetPort;
    this.marker = marker;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "answer-dropping-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Drops the answers to the next {@code n} requests that carry the marker. */
  void dropNext(int n) {
    toDrop.set(n);
  }

  int dropped() {
    return dropped.get();
  }

  /** The most requests with the marker that were awaiting their answers at one time. */
  int mostAwaitingAtOnce() {
    return mostAwaiting.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(server);
        // Whether the request now on this connection carries the marker (one request at a time).
        java.util.concurrent.atomic.AtomicBoolean marked = new java.util.concurrent.atomic.AtomicBoolean();
        Thread up = new Thread(() -> pump(client, server, chunk -> {
          if (chunk.contains(marker) && !marked.getAndSet(true)) {
            mostAwaiting.accumulateAndGet(awaiting.incrementAndGet(), Math::max);
          }
          return true;
        }), "proxy-up");
        Thread down = new Thread(() -> pump(server, client, chunk -> {
          if (marked.getAndSet(false)) {
            awaiting.decrementAndGet();
            if (toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              dropped.incrementAndGet();
              return false;
            }
          }
          return true;
        }), "proxy-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Copies bytes from one socket to the other while {@code pass} accepts each chunk; then closes both. */
  private static void pump(Socket from, Socket to, java.util.function.Predicate<String> pass) {
    byte[] buf = new byte[65536];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (!pass.test(new String(buf, 0, n, StandardCharsets.ISO_8859_1))) {
          break;
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other direction closed the pair
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    open.forEach(AnswerDroppingProxy::closeQuietly);
  }
}
