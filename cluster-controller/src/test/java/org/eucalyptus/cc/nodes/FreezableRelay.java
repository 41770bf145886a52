package org.eucalyptus.cc.nodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a real node controller that can be frozen: from then on it keeps every
 * connection open and accepts new ones, but passes nothing on, as a wedged host does (its kernel
 * still completes the handshakes). The node behind it knows nothing of this.
 */
public final class FreezableRelay implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;
  /** Everything the callers sent on, to count the requests of an operation. */
  private final java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
  /** Everything the node answered, to count what its answers held. */
  private final java.io.ByteArrayOutputStream answered = new java.io.ByteArrayOutputStream();

  public FreezableRelay(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "relay-accept-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void freeze() {
    frozen = true;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        sockets.add(in);
        if (frozen) {
          continue; // held open, never answered
        }
        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(out);
        pump(in, out, true);
        pump(out, in, false);
      } catch (IOException e) {
        // closed, or the node refused: the caller sees its connection go unanswered
      }
    }
  }

  /** How many requests passed on named {@code operation} in their SOAP body (its element, whatever its prefix). */
  public int requests(String operation) {
    String all;
    synchronized (sent) {
      all = sent.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
    return (int) java.util.regex.Pattern.compile("<(\\w+:)?" + operation + "[\\s/>]").matcher(all).results().count();
  }

  /** How many times the node's answers held an element {@code name} with the text {@code value} (whatever its prefix). */
  public int answered(String name, String value) {
    String all;
    synchronized (answered) {
      all = answered.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
    return (int) java.util.regex.Pattern.compile("<(\\w+:)?" + name + ">" + java.util.regex.Pattern.quote(value) + "</")
        .matcher(all).results().count();
  }

  private void pump(Socket from, Socket to, boolean request) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (!frozen) {
            out.write(buf, 0, n);
            out.flush();
            java.io.ByteArrayOutputStream record = request ? sent : answered;
            synchronized (record) {
              record.write(buf, 0, n);
            }
          }
        }
        if (!frozen) {
          to.close(); // a close passes on, except once frozen: a wedged host closes nothing
        }
      } catch (IOException e) {
        // one side closed
      }
    }, "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
