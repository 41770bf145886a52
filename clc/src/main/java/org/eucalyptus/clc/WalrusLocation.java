package org.eucalyptus.clc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the cloud's Walrus is: as registered (the walrus.url property), else WALRUS_URL, else this
 * cloud controller's own port once it serves (as in {@code eucalyptus-cloud}, where both share it).
 */
final class WalrusLocation {
  private final Optional<URI> configured;
  private final Supplier<String> registered;
  /** This CLC's own port's Walrus path, once it serves and WALRUS_URL names none. */
  private volatile URI ownPort;
  /** One client for DescribeServices' checks of Walrus (a client per call would start threads each time). */
  private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param configured WALRUS_URL
   * @param registered the walrus.url property now ("" when none was registered)
   */
  WalrusLocation(Optional<URI> configured, Supplier<String> registered) {
    this.configured = configured;
    this.registered = registered;
  }

  /** The CLC serves at {@code host:port}: unless WALRUS_URL says otherwise, Walrus is taken to share it. */
  void servingAt(String host, int port) {
    if (configured.isEmpty()) {
      ownPort = URI.create("http://" + host + ":" + port + "/services/Walrus");
    }
  }

  /** WALRUS_URL, else this CLC's own port (null before it serves): what eucarc's S3_URL says. */
  URI configuredOrOwn() {
    return configured.orElse(ownPort);
  }

  /** Walrus now: as registered, else {@link #configuredOrOwn()}; null when not known yet. */
  URI now() {
    String r = registered.get();
    return r.isEmpty() ? configuredOrOwn() : URI.create(r);
  }

  /** Walrus as DescribeServices reports it: state, URL, and why it is not ready. */
  String[] state() {
    URI w = now();
    if (w == null) {
      return new String[] {"NOTREADY", "", "Walrus's URL is not known yet (set WALRUS_URL)"};
    }
    try {
      probe.send(HttpRequest.newBuilder(w).timeout(Duration.ofSeconds(3)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return new String[] {"ENABLED", w.toString(), ""};
    } catch (IOException e) {
      return new String[] {"NOTREADY", w.toString(), "Walrus does not answer: " + e.getMessage()};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new String[] {"NOTREADY", w.toString(), "interrupted"};
    }
  }
}
