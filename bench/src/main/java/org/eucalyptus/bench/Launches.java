package org.eucalyptus.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.tools.admin.Ec2QueryClient;

/**
 * Launching instances for a benchmark and watching them reach running: one request of many, a
 * burst of concurrent requests, and a ramp of requests one after another whose every instance's
 * RunInstances → running latency is taken (a watcher asks for the ones still pending, by id, every
 * {@link #POLL}: a latency is up to that much longer than the cloud's own).
 */
final class Launches {
  static final Duration POLL = Duration.ofMillis(100);
  private static final Pattern INSTANCE_ID = Pattern.compile("<instanceId>(i-[0-9a-f]+)</instanceId>");
  private static final String RUNNING =
      "Action=DescribeInstances&Version=2012-05-01&Filter.1.Name=instance-state-name&Filter.1.Value.1=running";

  private final Ec2QueryClient ec2;
  private final Supplier<DescribeInstancesBench.Signed> signedClients;
  private final DescribeInstancesBench.Signed signed;
  private final String emi;
  private int launched;

  Launches(Ec2QueryClient ec2, Supplier<DescribeInstancesBench.Signed> signedClients, String emi) {
    this.ec2 = ec2;
    this.signedClients = signedClients;
    this.signed = signedClients.get();
    this.emi = emi;
  }

  /** Instances launched so far through this. */
  synchronized int launched() {
    return launched;
  }

  /** One RunInstances of {@code n}; the new instances' ids. A refusal (a loaded machine's lock timeout) is tried once more. */
  List<String> run(int n) throws Exception {
    Map<String, String> run = Map.of("ImageId", emi, "InstanceType", "m1.small", "MinCount", "" + n,
        "MaxCount", "" + n);
    String answer;
    try {
      answer = ec2.call("RunInstances", run);
    } catch (Ec2QueryClient.ServiceError e) {
      System.out.println("  RunInstances refused (" + e.code() + ": " + e.getMessage() + "), trying once more");
      Thread.sleep(2000);
      answer = ec2.call("RunInstances", run);
    }
    List<String> ids = new ArrayList<>();
    Matcher m = INSTANCE_ID.matcher(answer);
    while (m.find()) {
      ids.add(m.group(1));
    }
    synchronized (this) {
      launched += ids.size();
    }
    return ids;
  }

  /** Which of {@code ids} are running, asked by id ({@code signed} is the caller's client). */
  static Set<String> running(DescribeInstancesBench.Signed signed, List<String> ids) throws Exception {
    Set<String> running = new HashSet<>();
    for (int from = 0; from < ids.size(); from += 500) {
      StringBuilder body = new StringBuilder(RUNNING);
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      for (int i = 0; i < chunk.size(); i++) {
        body.append("&InstanceId.").append(i + 1).append('=').append(chunk.get(i));
      }
      Matcher m = INSTANCE_ID.matcher(new String(signed.send(body.toString()), StandardCharsets.UTF_8));
      while (m.find()) {
        running.add(m.group(1));
      }
    }
    return running;
  }

  /** RunInstances of {@code n} in one request; seconds from sending it until all of them run. */
  double oneRequest(int n, Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    List<String> ids = run(n);
    long deadline = t0 + timeout.toNanos();
    while (running(signed, ids).size() < ids.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not all of " + ids.size() + " instances running after " + timeout);
      }
      Thread.sleep(POLL.toMillis() / 2);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** {@code total} instances in requests of {@code batch} sent all at once; their ids. */
  List<String> burst(int total, int batch) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (int left = total; left > 0; left -= batch) {
      sizes.add(Math.min(batch, left));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(sizes.size(), 16));
    try {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (int n : sizes) {
        answers.add(pool.submit(() -> run(n)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<List<String>> f : answers) {
        ids.addAll(f.get());
      }
      return ids;
    } finally {
      pool.shutdownNow();
    }
  }

  Ramp ramp(int batch) {
    return new Ramp(batch);
  }

  /** Requests of {@code batch} one after another up to a count, each instance's latency to running kept. */
  final class Ramp {
    private final int batch;
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private final List<Long> latencies = new ArrayList<>();

    Ramp(int batch) {
      this.batch = batch;
    }

    /** Launches until {@code total} instances were launched here (counting a burst's), then waits for all to run. */
    void upTo(int total, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      Watcher watcher = new Watcher(signedClients.get());
      Thread thread = new Thread(watcher, "ramp-watcher");
      thread.setDaemon(true);
      thread.start();
      try {
        while (launched() < total) {
          long sent = System.nanoTime();
          List<String> ids = run(Math.min(batch, total - launched()));
          synchronized (this) {
            ids.forEach(id -> pending.put(id, sent));
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("ramp to " + total + " not done after " + timeout);
          }
        }
        while (true) {
          synchronized (this) {
            if (pending.isEmpty()) {
              break;
            }
          }
          if (watcher.failure != null) {
            throw watcher.failure;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(pending.size() + " instances not running after " + timeout);
          }
          Thread.sleep(POLL.toMillis());
        }
      } finally {
        watcher.stopping = true;
        thread.join();
      }
    }

    /** The percentile of the latencies taken, in ms; NaN when none. */
    synchronized double percentileMs(int p) {
      if (latencies.isEmpty()) {
        return Double.NaN;
      }
      long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      return DescribeInstancesBench.pct(sorted, p);
    }

    synchronized int measured() {
      return latencies.size();
    }

    /** Asks for the pending instances every {@link #POLL}, taking each one's latency when it runs. */
    private final class Watcher implements Runnable {
      private final DescribeInstancesBench.Signed client;
      volatile boolean stopping;
      volatile Exception failure;

      Watcher(DescribeInstancesBench.Signed client) {
        this.client = client;
      }

      @Override
      public void run() {
        while (!stopping) {
          try {
            List<String> ids;
            synchronized (Ramp.this) {
              ids = new ArrayList<>(pending.keySet());
            }
            if (!ids.isEmpty()) {
              Set<String> running = running(client, ids);
              long now = System.nanoTime();
              synchronized (Ramp.this) {
                for (String id : running) {
                  Long sent = pending.remove(id);
                  if (sent != null) {
                    latencies.add(now - sent);
                  }
                }
              }
            }
            Thread.sleep(POLL.toMillis());
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            failure = e;
            return;
          }
        }
      }
    }
  }
}
