package org.eucalyptus.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eucalyptus.common.auth.QuerySigner;

/**
 * As many signed DescribeInstances (EC2 Query, Signature V4) as {@code clients} connections get
 * answered, each client sending its next request when the last is answered: the server's rate for
 * one identity, with no SDK's cost on the client side.
 */
final class DescribeLoad {
  /** What one run got: answers 200 and their summed latency, the rest by what went wrong. */
  record Result(long ok, long latencyNanos, double seconds, Map<String, Long> failures) {
    double perSecond() {
      return ok / seconds;
    }

    double meanLatencyMs() {
      return ok == 0 ? Double.NaN : latencyNanos / 1e6 / ok;
    }

    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static final String BODY = "Action=DescribeInstances&Version=2012-05-01";

  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final String region;

  DescribeLoad(URI endpoint, String accessKey, String secretKey, String region) {
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /** One request's answer body; throws unless it is answered 200. */
  String once() throws IOException {
    try (Client c = new Client()) {
      RawHttpClient.Response r = c.send(true);
      String body = new String(r.body(), StandardCharsets.UTF_8);
      if (r.status() != 200) {
        throw new IOException("DescribeInstances answered " + r.status() + ": " + body);
      }
      return body;
    }
  }

  Result run(int clients, Duration duration) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Result>> parts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      parts.add(pool.submit(() -> loop(stop)));
    }
    Thread.sleep(duration.toMillis());
    stop.set(true);
    long ok = 0;
    long latency = 0;
    Map<String, Long> failures = new TreeMap<>();
    for (Future<Result> f : parts) {
      Result r = f.get();
      ok += r.ok();
      latency += r.latencyNanos();
      r.failures().forEach((k, v) -> failures.merge(k, v, Long::sum));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    return new Result(ok, latency, seconds, failures);
  }

  private Result loop(AtomicBoolean stop) {
    long ok = 0;
    long latency = 0;
    Map<String, Long> failures = new TreeMap<>();
    try (Client c = new Client()) {
      while (!stop.get()) {
        long t0 = System.nanoTime();
        try {
          RawHttpClient.Response r = c.send(false);
          if (r.status() == 200) {
            ok++;
            latency += System.nanoTime() - t0;
          } else {
            failures.merge("HTTP " + r.status(), 1L, Long::sum);
          }
        } catch (IOException e) {
          failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
        }
      }
    }
    return new Result(ok, latency, 0, failures);
  }

  /** One kept-alive connection with its own signer (each request signed as it is sent). */
  private final class Client implements AutoCloseable {
    private final QuerySigner signer = new QuerySigner(accessKey, secretKey, region, "ec2");
    private final RawHttpClient http = new RawHttpClient(endpoint, 60_000);

    RawHttpClient.Response send(boolean keepBody) throws IOException {
      byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
      Map<String, String> headers = signer.sign(endpoint, BODY, Instant.now());
      return http.send("POST", endpoint, headers, new ByteArrayInputStream(body), body.length, keepBody);
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
