package org.eucalyptus.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eucalyptus.common.auth.QuerySigner;

/**
 * A steady stream of signed DescribeInstances (EC2 Query, Signature V4) on one kept-alive connection
 * from 127.0.0.1, a fixed number a second. Each latency is taken from the request's sending and
 * from its scheduled time: the second counts in full the wait of requests queued behind a stall
 * (and a client starved of CPU), the first only what the server took.
 */
final class DescribeProbe implements AutoCloseable {
  /** Latencies (ns, sorted) of the requests answered 200, and the rest by what went wrong. */
  record Result(long[] okNanos, long[] serviceNanos, int sent, Map<String, Integer> failures, int newConnections,
      long longestConnectNanos) {
    long percentileNanos(int p) {
      return percentile(okNanos, p);
    }

    /** As {@link #percentileNanos}, from each request's sending, not its scheduled time. */
    long servicePercentileNanos(int p) {
      return percentile(serviceNanos, p);
    }

    private static long percentile(long[] sorted, int p) {
      if (sorted.length == 0) {
        return -1;
      }
      int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private static final String BODY = "Action=DescribeInstances&Version=2012-05-01";

  private final URI endpoint;
  private final QuerySigner signer;
  private final RawHttpClient http;

  DescribeProbe(URI endpoint, String accessKey, String secretKey, Duration timeout) {
    this.endpoint = endpoint;
    this.signer = new QuerySigner(accessKey, secretKey, "eucalyptus", "ec2");
    this.http = new RawHttpClient(endpoint, (int) timeout.toMillis());
  }

  /** One request on a new connection (one kept from before may have been closed by the server meanwhile). */
  void reconnect() throws IOException {
    http.close();
    once();
  }

  /** One request; throws unless it is answered 200. */
  void once() throws IOException {
    RawHttpClient.Response r = send();
    if (r.status() != 200) {
      throw new IOException("DescribeInstances answered " + r.status() + ": "
          + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  /** {@code perSecond} requests a second for {@code duration}. */
  Result run(int perSecond, Duration duration) {
    long interval = 1_000_000_000L / perSecond;
    int connects0 = http.connects();
    http.resetLongestConnect();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long[] ok = new long[(int) (duration.toSeconds() + 1) * perSecond + 16];
    long[] service = new long[ok.length];
    int nOk = 0;
    int sent = 0;
    Map<String, Integer> failures = new TreeMap<>();
    for (long due = start; due < end && nOk < ok.length; due += interval) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        sleepNanos(wait);
      }
      sent++;
      long sentAt = System.nanoTime();
      try {
        RawHttpClient.Response r = send();
        if (r.status() == 200) {
          long now = System.nanoTime();
          service[nOk] = now - sentAt;
          ok[nOk++] = now - due;
        } else {
          failures.merge("HTTP " + r.status(), 1, Integer::sum);
        }
      } catch (IOException e) {
        failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        http.close(); // the next request opens a new connection
      }
    }
    long[] sorted = Arrays.copyOf(ok, nOk);
    Arrays.sort(sorted);
    long[] sortedService = Arrays.copyOf(service, nOk);
    Arrays.sort(sortedService);
    return new Result(sorted, sortedService, sent, failures, http.connects() - connects0, http.longestConnectNanos());
  }

  private RawHttpClient.Response send() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>(signer.sign(endpoint, BODY, Instant.now()));
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    return http.send("POST", endpoint, headers, new ByteArrayInputStream(body), body.length, true);
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
