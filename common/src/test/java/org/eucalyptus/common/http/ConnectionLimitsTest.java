package org.eucalyptus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * What a client may hold of a server: connections that idle, or send their head or body too slowly,
 * are closed (HTTP_*_TIMEOUT_SEC); connections over the caps (HTTP_MAX_CONNECTIONS[_PER_CLIENT]) are
 * answered 503 and closed, so the process's file descriptors stay bounded.
 */
@IntegrationTest
class ConnectionLimitsTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private static List<HttpServer.Route> routes() {
    StreamingHandler streaming = req -> {
      long n = req.body().transferTo(java.io.OutputStream.nullOutputStream());
      return StreamingResponse.of(HttpResponseStatus.OK, new DefaultHttpHeaders(), ("read " + n).getBytes(StandardCharsets.UTF_8));
    };
    return List.of(
        new HttpServer.Route("/q", req -> Responses.text(HttpResponseStatus.OK, "got " + req.body().length)),
        new HttpServer.Route("/slow", req -> {
          Thread.sleep(2500); // longer than every timeout: a handler's own time is not the client's
          return Responses.text(HttpResponseStatus.OK, "slow");
        }),
        HttpServer.Route.streaming("/s", streaming));
  }

  private static HttpServer server(HttpSettings settings) throws InterruptedException {
    return new HttpServer("limits-test", new InetSocketAddress("127.0.0.1", 0), routes(), 1024 * 1024, 16, settings)
        .start();
  }

  /** Seconds until the server closes {@code c}. */
  private static double secondsUntilClosed(RawHttp c) throws IOException {
    long t0 = System.nanoTime();
    c.timeout(10_000);
    assertThat(c.closedByServer()).isTrue();
    return (System.nanoTime() - t0) / 1e9;
  }

  @Test
  void idleKeptAliveConnectionsAreClosed() throws Exception {
    try (HttpServer server = server(new HttpSettings(Duration.ofSeconds(2), SECOND, SECOND, 100, 100));
        RawHttp c = new RawHttp(server.port()); RawHttp never = new RawHttp(server.port())) {
      c.send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("got 0");
      // A request slower than every timeout is answered: waiting on its handler is not idling.
      c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("slow");
      assertThat(secondsUntilClosed(c)).isBetween(1.5, 4.0);
      assertThat(secondsUntilClosed(never)).as("a connection that never sent anything").isLessThan(3.0);
    }
  }

  @Test
  void aHeadThatDribblesIsCutOffAfterTheHeaderTimeout() throws Exception {
    try (HttpServer server = server(new HttpSettings(Duration.ofSeconds(30), SECOND, Duration.ofSeconds(30), 100,
        100)); RawHttp c = new RawHttp(server.port())) {
      long t0 = System.nanoTime();
      c.send("GET /q HTTP/1.1\r\n");
      RawHttp.Answer a = null;
      for (int i = 0; i < 40 && a == null; i++) {
        try {
          c.send("X-Dribble-" + i + ": y\r\n"); // a byte now and then does not keep the head's clock from running
          Thread.sleep(100);
        } catch (IOException closed) {
          a = c.read();
        }
        if (c.socket.getInputStream().available() > 0) {
          a = c.read();
        }
      }
      assertThat(a).isNotNull();
      assertThat(a.status()).isEqualTo(408);
      assertThat((System.nanoTime() - t0) / 1e9).isBetween(0.9, 2.5);
    }
  }

  @Test
  void aBodyThatStopsIsCutOffAfterTheBodyTimeout() throws Exception {
    try (HttpServer server = server(new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), SECOND, 100,
        100))) {
      // A whole request, a small streaming one (read whole before its handler runs) and a large one (its
      // handler is reading it): each stalls after part of its body.
      for (String head : List.of("PUT /q HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n",
          "PUT /s/small HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")) {
        try (RawHttp c = new RawHttp(server.port())) {
          long t0 = System.nanoTime();
          c.send(head).send(new byte[10]);
          RawHttp.Answer a = c.read();
          assertThat(a.status()).as(head).isEqualTo(408);
          assertThat(a.header("Connection")).isEqualTo("close");
          assertThat((System.nanoTime() - t0) / 1e9).isBetween(0.9, 2.5);
          assertThat(c.closedByServer()).isTrue();
        }
      }
      try (RawHttp c = new RawHttp(server.port())) {
        c.send("PUT /s/large HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n").send(new byte[200_000]);
        // A body that keeps coming (8 KiB at a time, slowly) keeps it open...
        for (int i = 0; i < 8; i++) {
          Thread.sleep(400);
          c.send(new byte[HttpServer.BODY_PROGRESS_BYTES]);
        }
        // ...until they stop.
        assertThat(secondsUntilClosed(c)).isBetween(0.5, 2.5);
      }
    }
  }

  @Test
  void connectionsOverTheCapsAreRefusedWith503() throws Exception {
    try (HttpServer server = server(new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), 3, 2))) {
      List<RawHttp> open = new ArrayList<>();
      try {
        open.add(new RawHttp(server.port(), "127.0.0.1"));
        open.add(new RawHttp(server.port(), "127.0.0.1"));
        for (RawHttp c : open) {
          c.send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(c.read().status()).isEqualTo(200);
        }
        try (RawHttp third = new RawHttp(server.port(), "127.0.0.1")) {
          RawHttp.Answer a = third.send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n").read();
          assertThat(a.status()).as("a client's third connection").isEqualTo(503);
          assertThat(a.header("Connection")).isEqualTo("close");
          assertThat(third.closedByServer()).isTrue();
        }
        open.add(new RawHttp(server.port(), "127.0.0.2"));
        assertThat(open.get(2).send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
            .as("another client's first").isEqualTo(200);
        try (RawHttp fourth = new RawHttp(server.port(), "127.0.0.3")) {
          assertThat(fourth.read().status()).as("a fourth connection in all").isEqualTo(503);
          assertThat(fourth.closedByServer()).isTrue();
        }
        // A place freed is a place taken again.
        open.remove(0).close();
        Thread.sleep(200);
        try (RawHttp again = new RawHttp(server.port(), "127.0.0.3")) {
          assertThat(again.send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
      } finally {
        for (RawHttp c : open) {
          c.close();
        }
      }
    }
  }

  @Test
  void aRefusedRequestGetsItsRoutesOwn503() throws Exception {
    List<HttpServer.Route> routes = List.of(new HttpServer.Route("/api", req -> Responses.text(HttpResponseStatus.OK,
        "ok")).withBusyAnswer(() -> Responses.xml(HttpResponseStatus.SERVICE_UNAVAILABLE,
            "<Error><Code>ServiceUnavailable</Code></Error>")));
    try (HttpServer server = new HttpServer("limits-test", new InetSocketAddress("127.0.0.1", 0), routes, 1024, 4,
        new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), 1, 1)).start();
        RawHttp first = new RawHttp(server.port())) {
      assertThat(first.send("GET /api HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
      // The route's own 503 needs the request line, so a client gets it only when its request reached
      // the server before the server took the connection; else (usually, on loopback) the plain one.
      for (int i = 0; i < 5; i++) {
        try (RawHttp c = new RawHttp(server.port())) {
          RawHttp.Answer a = c.send("GET /api/x?Action=Y HTTP/1.1\r\nHost: x\r\n\r\n").read();
          assertThat(a.status()).isEqualTo(503);
          assertThat(a.text()).isIn("<Error><Code>ServiceUnavailable</Code></Error>", ServerAnswers.PLAIN_BUSY);
          assertThat(a.header("Connection")).isEqualTo("close");
          assertThat(c.closedByServer()).isTrue();
        }
      }
      // Which is which, from a request's first bytes (the race above decides only whether they are there).
      String answer = new String(server.refusalAnswer("GET /api/x?Action=Y HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 503 ").containsIgnoringCase("connection: close\r\n")
          .endsWith("\r\n\r\n<Error><Code>ServiceUnavailable</Code></Error>");
      assertThat(new String(server.refusalAnswer("GET /elsewhere HTTP/1.1\r\n".getBytes(
          java.nio.charset.StandardCharsets.ISO_8859_1)), java.nio.charset.StandardCharsets.ISO_8859_1))
          .endsWith("\r\n\r\n" + ServerAnswers.PLAIN_BUSY);
      try (RawHttp c = new RawHttp(server.port())) {
        RawHttp.Answer a = c.send("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.text()).isEqualTo(ServerAnswers.PLAIN_BUSY); // no route there, so plain either way
      }
    }
  }

  @Test
  void aBodyDribbledAByteAtATimeIsCutOffToo() throws Exception {
    try (HttpServer server = server(new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), SECOND, 100,
        100))) {
      // A slow upload held open on purpose: a byte every 200 ms never leaves a one-second gap.
      for (String head : List.of("PUT /q HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n",
          "PUT /s/small HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n",
          "PUT /s/large HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")) {
        try (RawHttp c = new RawHttp(server.port())) {
          c.send(head);
          if (head.contains("large")) {
            c.send(new byte[200_000]); // its handler is reading it
          }
          long t0 = System.nanoTime();
          boolean closed = false;
          for (int i = 0; i < 25 && !closed; i++) {
            Thread.sleep(200);
            try {
              c.send(new byte[1]);
            } catch (IOException e) {
              closed = true; // the server has ended the connection
            }
          }
          c.timeout(10_000);
          if (!head.contains("large")) {
            assertThat(c.read().status()).as(head).isEqualTo(408); // its handler never ran: the server answers
          }
          assertThat(c.closedByServer()).as(head).isTrue();
          assertThat((System.nanoTime() - t0) / 1e9).as(head).isLessThan(3.5);
        }
      }
    }
  }

  @Test
  void aFloodOverTheCapIsAllAnsweredWithinBoundedDescriptors() throws Exception {
    try (HttpServer server = server(new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), 2, 1000))) {
      // Far more refusals at once than may linger at a time: those beyond are answered and closed at once.
      List<RawHttp> flood = new ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (flooding.get()) {
          most.accumulateAndGet(server.channelsOpen(), Math::max);
          Thread.onSpinWait();
        }
      });
      sampler.start();
      try {
        for (int i = 0; i < 4 * AdmittingServerChannel.MAX_LINGERING_REFUSALS; i++) {
          flood.add(new RawHttp(server.port()).send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n"));
        }
        int refused = 0;
        int served = 0;
        for (RawHttp c : flood) {
          c.timeout(10_000);
          int status = c.read().status();
          refused += status == 503 ? 1 : 0;
          served += status == 200 ? 1 : 0;
        }
        assertThat(served).isEqualTo(2);
        assertThat(refused).isEqualTo(4 * AdmittingServerChannel.MAX_LINGERING_REFUSALS - 2);
        flooding.set(false);
        sampler.join();
        // The cap's two, and at most MAX_LINGERING_REFUSALS lingering: the rest never became channels.
        assertThat(most.get()).isLessThanOrEqualTo(2 + AdmittingServerChannel.MAX_LINGERING_REFUSALS);
      } finally {
        flooding.set(false);
        for (RawHttp c : flood) {
          c.close();
        }
      }
      // Accepting again: a new client is served.
      try (RawHttp c = new RawHttp(server.port())) {
        assertThat(c.send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void anIdleFloodFarOverTheCapIsClosedAtOnceNotQueued() throws Exception {
    int cap = 4;
    Duration idle = Duration.ofSeconds(2);
    int n = 20 * AdmittingServerChannel.MAX_LINGERING_REFUSALS;
    try (HttpServer server = server(new HttpSettings(idle, Duration.ofSeconds(30), Duration.ofSeconds(30), cap, 1000));
        Selector selector = Selector.open()) {
      // Connections that send nothing, as a flood of idle ones does: each must be closed within its
      // timeout (the cap's idle ones) or refused at once (the rest), not wait in the accept queue.
      Map<SocketChannel, Long> openedAt = new HashMap<>();
      List<Double> lifetimes = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
          openedAt.put(c, System.nanoTime());
          c.configureBlocking(false);
          c.register(selector, SelectionKey.OP_READ);
        }
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (lifetimes.size() < n && System.nanoTime() < deadline) {
          selector.select(100);
          for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel c = (SocketChannel) key.channel();
            int read;
            try {
              buf.clear();
              read = c.read(buf);
            } catch (IOException reset) {
              read = -1;
            }
            if (read < 0) {
              lifetimes.add((System.nanoTime() - openedAt.get(c)) / 1e9);
              key.cancel();
              c.close();
            }
          }
          selector.selectedKeys().clear();
        }
      } finally {
        for (SocketChannel c : openedAt.keySet()) {
          c.close();
        }
      }
      assertThat(lifetimes).as("connections the server closed").hasSize(n);
      assertThat(lifetimes.stream().filter(t -> t < 1.0).count()).as("refused at once").isEqualTo(n - cap);
      assertThat(lifetimes.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
          .as("the longest lived").isLessThan(idle.toSeconds() + 2.0);
    }
  }

  @Test
  void theCapKeepsFileDescriptorsBounded() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc (Linux) to count descriptors");
    int cap = 20;
    try (HttpServer server = server(new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), cap, 1000))) {
      long before;
      try (var s = Files.list(fds)) {
        before = s.count();
      }
      List<RawHttp> clients = new ArrayList<>();
      try {
        int refused = 0;
        for (int i = 0; i < 300; i++) {
          // (Which ones are refused is not strictly the order of connecting: two event loops take them.)
          RawHttp c = new RawHttp(server.port());
          int status = c.send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n").read().status();
          if (status == 503) {
            // Refused ones are let go by the client too, so only the server's descriptors are left.
            c.close();
            refused++;
          } else {
            assertThat(status).isEqualTo(200);
            clients.add(c);
          }
        }
        Thread.sleep(1000); // refused connections linger a moment at most
        long after;
        try (var s = Files.list(fds)) {
          after = s.count();
        }
        assertThat(refused).isEqualTo(300 - cap);
        assertThat(server.openConnections()).isEqualTo(cap);
        // Each admitted connection is two descriptors here (client and server ends); a little slack for the JVM.
        assertThat(after - before).isLessThan(2L * cap + 20);
        // The admitted ones are still served.
        assertThat(clients.get(0).send("GET /q HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
      } finally {
        for (RawHttp c : clients) {
          c.close();
        }
      }
    }
  }
}
