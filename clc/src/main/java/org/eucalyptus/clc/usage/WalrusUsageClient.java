package org.eucalyptus.clc.usage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.xml.XmlDocuments;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Reads Walrus's usage over its published protocol: {@code GET <walrus>/usage/<hour>} with
 * {@code EucaOperation: GetWalrusUsage}, signed with the cloud CA's certificate, which is how Walrus
 * knows the cloud controller. Any failure (Walrus down, not yet known, refusing) is logged and read
 * as no answer, so a round of recording goes on without S3.
 */
public final class WalrusUsageClient implements WalrusUsage.Source {
  private static final Logger LOG = LogManager.getLogger(WalrusUsageClient.class);
  private static final int MAX_ANSWER = 64 * 1024 * 1024;

  private final Supplier<URI> walrus;
  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** Rounds failed in a row: the first few (Walrus not listening yet at a cloud's start) are not warned of. */
  private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();

  /** @param walrus Walrus's S3 endpoint (e.g. http://host:8773/services/Walrus), or null while it is not known */
  public WalrusUsageClient(Supplier<URI> walrus, X509Certificate certificate, PrivateKey key, Clock clock) {
    this.walrus = walrus;
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
  }

  @Override
  public Optional<WalrusUsage> read(Instant sinceHour) {
    URI base = walrus.get();
    if (base == null) {
      return Optional.empty();
    }
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/usage/" + sinceHour.getEpochSecond());
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
          .header("EucaOperation", "GetWalrusUsage");
      EucaCertAuth.sign("GET", uri.getRawPath(), certificate, key, clock.instant()).forEach(b::header);
      HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() != 200) {
        return failed("Walrus did not report its usage (HTTP " + resp.statusCode() + "): " + new String(resp.body(), 0,
            Math.min(resp.body().length, 500), java.nio.charset.StandardCharsets.UTF_8));
      }
      if (resp.body().length > MAX_ANSWER) {
        return failed("Walrus's usage report is larger than " + MAX_ANSWER + " bytes; not read");
      }
      WalrusUsage usage = parse(resp.body());
      failures.set(0);
      return Optional.of(usage);
    } catch (IOException | GeneralSecurityException | SAXException | RuntimeException e) {
      return failed("Walrus's usage could not be read from " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<WalrusUsage> failed(String why) {
    if (failures.incrementAndGet() > 3) {
      LOG.warn("{} (buckets are held as they were until it answers)", why);
    } else {
      LOG.debug(why);
    }
    return Optional.empty();
  }

  static WalrusUsage parse(byte[] xml) throws SAXException, IOException {
    Document d = XmlDocuments.parse(xml);
    List<WalrusUsage.Bucket> buckets = new ArrayList<>();
    for (Element e : XmlDocuments.elements(d, "Bucket")) {
      if (e.getParentNode() instanceof Element p && p.getLocalName().equals("Buckets")) {
        buckets.add(new WalrusUsage.Bucket(text(e, "Name"), text(e, "OwnerAccount"), text(e, "Creator"),
            time(text(e, "Created")), Long.parseLong(text(e, "Bytes"))));
      }
    }
    List<WalrusUsage.HourRequests> requests = new ArrayList<>();
    for (Element e : XmlDocuments.elements(d, "Hour")) {
      requests.add(new WalrusUsage.HourRequests(time(text(e, "Start")), text(e, "Bucket"), text(e, "OwnerAccount"),
          text(e, "Creator"), Long.parseLong(text(e, "Requests"))));
    }
    return new WalrusUsage(List.copyOf(buckets), List.copyOf(requests));
  }

  private static String text(Element e, String name) {
    String t = XmlDocuments.text(e, name);
    if (t == null) {
      throw new IllegalArgumentException("Walrus's usage report has a " + e.getLocalName() + " without " + name);
    }
    return t;
  }

  private static Instant time(String t) {
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Walrus's usage report has a time that is not one: " + t);
    }
  }
}
