package org.eucalyptus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.SigV4;

/**
 * Walrus and a peer S3 server measured the same way, one after the other, by the same client: a
 * minimal HTTP/1.1 client ({@link RawHttpClient}, one kept-alive connection per client thread)
 * signing with Signature V4 and {@code UNSIGNED-PAYLOAD}, so the client's cost is small and equal
 * for both; on a 2-core machine a heavier client would take the servers' CPU. Figures: 1 MiB PUT and GET operations per second with 8 concurrent
 * clients, one large PUT and GET in MB/s, and the disk's own sequential write speed (with fsync).
 * Each PUT figure is given twice: as the client sees the answers, and durable (until a syncfs of
 * the data file system after the phase returns), since a server may answer before its data is on
 * disk. Every phase starts with the page cache written back, so none pays for another's writes.
 *
 * <p>Arguments: {@code name=endpoint,accessKey,secretKey ...} for each server, then
 * {@code --seconds N} (per small-object phase), {@code --large-mib N}, {@code --dir DIR} (for the
 * disk figure: the file system both servers store on).
 */
public final class S3PeerBench {
  private static final int SMALL = 1024 * 1024;
  private static final int CLIENTS = 8;

  /** A server to measure; {@code pid} (0 if unknown) lets the CPU it spends per operation be read from /proc. */
  private record Target(String name, URI endpoint, S3Signer signer, long pid) {}

  /** One round's figures; CPU is the server's own (user + system) milliseconds per 1 MiB operation. */
  private record Figures(double putOps, double getOps, double largePutMBs, double largeGetMBs, double putCpuMs,
      double getCpuMs, double durablePutOps, double durableLargePutMBs) {}

  private final Path dir;
  private final ThreadLocal<Map<URI, RawHttpClient>> connections = ThreadLocal.withInitial(java.util.HashMap::new);
  private final byte[] smallBody = new byte[SMALL];

  private S3PeerBench(Path dir) {
    this.dir = dir;
    new Random(42).nextBytes(smallBody);
  }

  public static void main(String[] args) throws Exception {
    List<Target> targets = new ArrayList<>();
    int seconds = 10;
    int rounds = 3;
    int warmups = 2;
    long largeMib = 1024;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmups = Integer.parseInt(args[++i]);
        case "--large-mib" -> largeMib = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> {
          String[] nameRest = args[i].split("=", 2);
          String[] p = nameRest[1].split(",");
          targets.add(new Target(nameRest[0], URI.create(p[0].replaceAll("/+$", "")), new S3Signer(p[1], p[2],
              "us-east-1"), p.length > 3 ? Long.parseLong(p[3]) : 0));
        }
      }
    }
    S3PeerBench bench = new S3PeerBench(dir);
    double disk = diskWriteMBs(dir, largeMib);
    System.out.printf(Locale.ROOT, "disk sequential write (%d MiB, fsync): %.0f MB/s%n", largeMib, disk);
    // Each figure is the median of its rounds, and the servers take turns within each round: this
    // machine's disk and CPU vary from minute to minute, and both servers should see the same.
    // Warm-up rounds first, each as long as a measured one but not counted: a JVM server keeps its
    // compiler busy for its first 40-50 s under load on this machine (Walrus's C2 threads: 8-9 s of
    // compiling in each of its first four 10 s, still 3 s in the fifth, measured with
    // -XX:+LogCompilation), and neither server's steady-state figures should include that.
    for (Target t : targets) {
      for (int w = 1; w <= warmups; w++) {
        System.out.println("== warm-up " + w + ": " + t.name());
        bench.measure(t, seconds, Math.min(largeMib, 256));
      }
    }
    Map<String, List<Figures>> rounds_ = new java.util.LinkedHashMap<>();
    // Each round reverses the order of the one before (A B, B A, A B, ...): the machine's state drifts
    // through a run (on this VM a server's CPU per PUT falls by half as the page cache fills and its
    // pages are reused), and a server always measured second would always find it further along.
    for (int r = 1; r <= rounds; r++) {
      List<Target> order = new ArrayList<>(targets);
      if (r % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (Target t : order) {
        System.out.println("== round " + r + ": " + t.name() + " at " + t.endpoint());
        rounds_.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(bench.measure(t, seconds, largeMib));
      }
    }
    Map<String, Figures> results = new java.util.LinkedHashMap<>();
    rounds_.forEach((name, fs) -> results.put(name, new Figures(median(fs, Figures::putOps), median(fs, Figures::getOps),
        median(fs, Figures::largePutMBs), median(fs, Figures::largeGetMBs), median(fs, Figures::putCpuMs),
        median(fs, Figures::getCpuMs), median(fs, Figures::durablePutOps), median(fs, Figures::durableLargePutMBs))));
    System.out.println();
    System.out.println("medians of " + rounds + " rounds:");
    System.out.println();
    System.out.printf(Locale.ROOT, "%-10s %14s %14s %16s %16s %14s %12s %12s%n", "server", "1MiB PUT op/s",
        "1MiB GET op/s", "large PUT MB/s", "large GET MB/s", "PUT % of disk", "PUT CPU ms", "GET CPU ms");
    for (Map.Entry<String, Figures> e : results.entrySet()) {
      Figures f = e.getValue();
      System.out.printf(Locale.ROOT, "%-10s %14.1f %14.1f %16.0f %16.0f %13.0f%% %12s %12s%n", e.getKey(), f.putOps(),
          f.getOps(), f.largePutMBs(), f.largeGetMBs(), 100 * f.largePutMBs() / disk, cpu(f.putCpuMs()),
          cpu(f.getCpuMs()));
    }
    System.out.println("(CPU ms: the server process's own CPU time per 1 MiB operation, from /proc; lower is better)");
    System.out.println();
    System.out.println("durable: the same PUT phases timed until what the server wrote is on disk (the phase plus a");
    System.out.println("syncfs of the data file system after it); a server that syncs before answering pays it inside");
    System.out.println("the phase, one that leaves its writes in the page cache pays it after.");
    System.out.printf(Locale.ROOT, "%-10s %22s %24s%n", "server", "durable 1MiB PUT op/s", "durable large PUT MB/s");
    for (Map.Entry<String, Figures> e : results.entrySet()) {
      Figures f = e.getValue();
      System.out.printf(Locale.ROOT, "%-10s %22.1f %24.0f%n", e.getKey(), f.durablePutOps(), f.durableLargePutMBs());
    }
    System.exit(0);
  }

  private static String cpu(double ms) {
    return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.2f", ms);
  }

  /** A process's user + system CPU time in milliseconds, or NaN when it cannot be read. */
  private static double cpuMillis(long pid) {
    if (pid <= 0) {
      return Double.NaN;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name (which may hold spaces) start at its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** USER_HZ: 100 on every Linux architecture we run on. */
  private static final double CLOCK_TICKS = 100;

  private static double median(List<Figures> fs, java.util.function.ToDoubleFunction<Figures> f) {
    double[] v = fs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private Figures measure(Target t, int seconds, long largeMib) throws Exception {
    // A new connection for this thread: the one kept from the server's last turn may have been idle
    // longer than it keeps connections (s3proxy: 30 s), which with the order reversed each round it is.
    RawHttpClient stale = connections.get().remove(t.endpoint());
    if (stale != null) {
      stale.close();
    }
    String bucket = "bench-" + Long.toHexString(System.nanoTime());
    send(t, "PUT", bucket, null, null, 0);
    // Small objects: each client PUTs its own keys for the phase's duration, then all GET them at random.
    AtomicLong written = new AtomicLong();
    List<List<String>> keys = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      keys.add(java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    // Whatever the previous phase (of either server) left in the page cache is written back first,
    // so that no server's figures pay for another's writes.
    syncDataFileSystem();
    double cpu0 = cpuMillis(t.pid());
    double putOps = timed(seconds, c -> {
      String key = "small/" + c + "-" + written.incrementAndGet();
      send(t, "PUT", bucket, key, new java.io.ByteArrayInputStream(smallBody), SMALL);
      keys.get(c).add(key);
    });
    double putCpu = (cpuMillis(t.pid()) - cpu0) / written.get();
    double flush = syncDataFileSystem();
    double durablePutOps = written.get() / (written.get() / putOps + flush);
    System.out.printf(Locale.ROOT, "  1 MiB PUT, %d clients: %.1f op/s (%d objects, %s CPU ms each; durable %.1f op/s)%n",
        CLIENTS, putOps, written.get(), cpu(putCpu), durablePutOps);
    List<String> all = new ArrayList<>();
    keys.forEach(all::addAll);
    AtomicLong reads = new AtomicLong();
    double cpu1 = cpuMillis(t.pid());
    double getOps = timed(seconds, c -> {
      reads.incrementAndGet();
      String key = all.get(ThreadLocalRandom.current().nextInt(all.size()));
      long n = get(t, bucket, key);
      if (n != SMALL) {
        throw new IOException("GET " + key + " returned " + n + " bytes");
      }
    });
    double getCpu = (cpuMillis(t.pid()) - cpu1) / reads.get();
    System.out.printf(Locale.ROOT, "  1 MiB GET, %d clients: %.1f op/s (%s CPU ms each)%n", CLIENTS, getOps, cpu(getCpu));
    long size = largeMib * 1024 * 1024;
    syncDataFileSystem();
    long t0 = System.nanoTime();
    send(t, "PUT", bucket, "large", new PatternStream(size), size);
    double putSeconds = (System.nanoTime() - t0) / 1e9;
    double putMBs = size / 1e6 / putSeconds;
    double durableLargePutMBs = size / 1e6 / (putSeconds + syncDataFileSystem());
    System.out.printf(Locale.ROOT, "  %d MiB PUT: %.0f MB/s (durable %.0f MB/s)%n", largeMib, putMBs, durableLargePutMBs);
    t0 = System.nanoTime();
    long got = get(t, bucket, "large");
    double getMBs = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
    if (got != size) {
      throw new IOException("large GET returned " + got + " of " + size + " bytes");
    }
    System.out.printf(Locale.ROOT, "  %d MiB GET: %.0f MB/s%n", largeMib, getMBs);
    return new Figures(putOps, getOps, putMBs, getMBs, putCpu, getCpu, durablePutOps, durableLargePutMBs);
  }

  /** One client's operation, given the client's number. */
  private interface Op {
    void run(int client) throws Exception;
  }

  /** Runs {@code op} in a loop on each of the clients for {@code seconds}; operations per second. */
  private static double timed(int seconds, Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      fs.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          op.run(client);
          done.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    return done.get() / elapsed;
  }

  private URI uri(Target t, String bucket, String key) {
    return URI.create(t.endpoint() + "/" + bucket + (key == null ? "" : "/" + key));
  }

  private RawHttpClient client(Target t) {
    return connections.get().computeIfAbsent(t.endpoint(), RawHttpClient::new);
  }

  private void send(Target t, String method, String bucket, String key, InputStream body, long length)
      throws IOException {
    URI u = uri(t, bucket, key);
    Map<String, String> h = t.signer().sign(method, u, Map.of(), SigV4.UNSIGNED_PAYLOAD, Instant.now());
    RawHttpClient.Response r = client(t).send(method, u, h, body, length, true);
    if (r.status() / 100 != 2) {
      throw new IOException(method + " " + u + ": HTTP " + r.status() + " " + new String(r.body(),
          java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** GETs an object and returns how many bytes came (read and dropped). */
  private long get(Target t, String bucket, String key) throws IOException {
    URI u = uri(t, bucket, key);
    Map<String, String> h = t.signer().sign("GET", u, Map.of(), SigV4.UNSIGNED_PAYLOAD, Instant.now());
    RawHttpClient.Response r = client(t).send("GET", u, h, null, 0, false);
    if (r.status() != 200) {
      throw new IOException("GET " + u + ": HTTP " + r.status());
    }
    return r.length();
  }

  /**
   * Writes back the dirty pages of the file system under the bench directory (coreutils {@code sync
   * -f}, which is syncfs(2)) and returns how long that took, in seconds.
   */
  private double syncDataFileSystem() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("sync", "-f", dir.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("sync -f " + dir + " exited with " + p.exitValue());
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Sequential write of {@code mib} MiB in 4 MiB writes, then fsync: what the disk itself does. */
  private static double diskWriteMBs(Path dir, long mib) throws IOException {
    Path f = Files.createTempFile(dir, "disk-bench-", ".bin");
    ByteBuffer buf = ByteBuffer.allocateDirect(4 * 1024 * 1024);
    byte[] noise = new byte[buf.capacity()];
    new Random(1).nextBytes(noise);
    buf.put(noise).flip();
    try {
      long t0 = System.nanoTime();
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        for (long i = 0; i < mib / 4; i++) {
          buf.rewind();
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
        ch.force(true);
      }
      return mib * 1024 * 1024 / 1e6 / ((System.nanoTime() - t0) / 1e9);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /** {@code size} bytes of a repeating random pattern, made as they are read (nothing held but 1 MiB). */
  private static final class PatternStream extends InputStream {
    private static final byte[] PATTERN = new byte[1024 * 1024 + 7];

    static {
      new Random(9).nextBytes(PATTERN);
    }

    private long left;
    private long pos;

    PatternStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      int done = 0;
      while (done < n) {
        int p = (int) (pos % PATTERN.length);
        int c = Math.min(n - done, PATTERN.length - p);
        System.arraycopy(PATTERN, p, b, off + done, c);
        done += c;
        pos += c;
      }
      left -= n;
      return n;
    }
  }
}
