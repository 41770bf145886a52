package org.eucalyptus.bench;

import org.eucalyptus.common.credentials.EucarcFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eucalyptus.tools.admin.Ec2QueryClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Launches 100 instances through the whole chain (CLC -> CC -> NC -> libvirt test driver), each
 * component its own process as in production, and prints: RunInstances -> running latency (p50,
 * p99), DescribeInstances requests per second with those instances, and each component's peak
 * resident memory.
 */
public final class RunInstancesBench {
  private final Path work;
  private final ComponentCloud cloud;

  RunInstancesBench(Path src, Path work) {
    this.work = work;
    this.cloud = new ComponentCloud(src, work);
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Path src = Path.of(System.getProperty("euca.src", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("euca-bench-");
    RunInstancesBench b = new RunInstancesBench(src, work);
    try {
      b.run(count);
    } finally {
      b.cloud.close();
    }
  }

  void run(int count) throws Exception {
    // Two NCs with room for every instance between them (the CLC serves Walrus on its own port only).
    Path eucarc = cloud.startChain(new ComponentCloud.Ports(28773, 28774, 28775, 2, 0), count);

    Path image = Files.write(work.resolve("bench.img"), new byte[4096]);
    Map<String, String> creds = EucarcFile.read(eucarc);
    String emi = Ec2QueryClient.element(new Ec2QueryClient(URI.create(creds.get("EC2_URL")),
        creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"), "eucalyptus")
        .call("RegisterImage", Map.of("ImageLocation", image.toUri().toString(), "Name", "bench")), "imageId");
    try (Ec2Client ec2 = Ec2Client.builder()
        .endpointOverride(URI.create(creds.get("EC2_URL")))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(creds.get("EC2_ACCESS_KEY"), creds.get("EC2_SECRET_KEY"))))
        .httpClient(Apache5HttpClient.builder().maxConnections(16).build())
        .build()) {
      cloud.waitFor(() -> ec2.describeAvailabilityZones().availabilityZones().stream()
          .anyMatch(z -> z.stateAsString().equals("available")), Duration.ofSeconds(30), "cluster01");

      // Warm-up: one launch and terminate, so JIT and connection set-up are not counted.
      String warm = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
      waitState(ec2, warm, InstanceStateName.RUNNING);
      ec2.terminateInstances(r -> r.instanceIds(warm));
      waitState(ec2, warm, InstanceStateName.TERMINATED);

      long[] latencies = new long[count];
      List<String> ids = new ArrayList<>();
      long all0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long t0 = System.nanoTime();
        String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
            .instances().get(0).instanceId();
        waitState(ec2, id, InstanceStateName.RUNNING);
        latencies[i] = System.nanoTime() - t0;
        ids.add(id);
      }
      double allSec = (System.nanoTime() - all0) / 1e9;
      Arrays.sort(latencies);
      System.out.printf("%nRunInstances -> running, %d instances one after another (%.1f s in all):%n", count, allSec);
      System.out.printf("  p50 %7.1f ms%n  p99 %7.1f ms%n  max %7.1f ms%n",
          pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6, latencies[count - 1] / 1e6);

      double rps = describeRate(ec2, Duration.ofSeconds(10), 4);
      System.out.printf("DescribeInstances with %d running instances: %.0f requests/s (4 clients, 10 s)%n",
          count, rps);

      System.out.println("Peak resident memory (VmHWM):");
      for (Map.Entry<String, Process> e : cloud.processes().entrySet()) {
        System.out.printf("  %-11s %6d MiB%n", e.getKey(), ComponentCloud.peakRssKb(e.getValue().pid()) / 1024);
      }
      ec2.terminateInstances(r -> r.instanceIds(ids));
    }
  }

  private static double describeRate(Ec2Client ec2, Duration d, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Integer>> counts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      counts.add(pool.submit(() -> {
        int n = 0;
        while (!stop.get()) {
          ec2.describeInstances();
          n++;
        }
        return n;
      }));
    }
    Thread.sleep(d.toMillis());
    stop.set(true);
    int total = 0;
    for (Future<Integer> f : counts) {
      total += f.get();
    }
    pool.shutdown();
    return total / ((System.nanoTime() - t0) / 1e9);
  }

  private static void waitState(Ec2Client ec2, String id, InstanceStateName want) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var state = ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name();
      if (state == want) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException(id + " did not reach " + want);
  }

  private static long pct(long[] sorted, int p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
