package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running JVM of ours holds, read from outside it: its heap in use right after a full
 * collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}), its live threads ({@code Threads:}
 * in /proc/PID/status) and its open file descriptors (/proc/PID/fd).
 */
final class ProcessGauges {
  /** Heap in use after GC (bytes; -1 when jcmd could not tell), threads, open descriptors. */
  record Reading(long heapBytes, int threads, int fds) {
    String describe() {
      return String.format("heap %s after GC, %d threads, %d fds",
          heapBytes < 0 ? "?" : (heapBytes >> 20) + " MiB", threads, fds);
    }
  }

  /** A generation's (or G1's whole heap's) line in GC.heap_info: "... total 1234K, used 567K [...". */
  private static final Pattern USED = Pattern.compile("total\\s+\\d+K,\\s+used\\s+(\\d+)K");

  private ProcessGauges() {}

  static Reading read(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    long heap = heapUsedKb(jcmd(pid, "GC.heap_info"));
    return new Reading(heap < 0 ? -1 : heap * 1024, threads(pid), FdSampler.count(Path.of("/proc/" + pid + "/fd")));
  }

  /** The sum of what GC.heap_info says each heap space uses, in KiB; -1 when it names none. */
  static long heapUsedKb(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    long kb = 0;
    boolean any = false;
    while (m.find()) {
      kb += Long.parseLong(m.group(1));
      any = true;
    }
    return any ? kb : -1;
  }

  static int threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).strip());
      }
    }
    return -1;
  }

  /**
   * CPU seconds the process has used so far (user and system, /proc/PID/stat fields 14 and 15, in
   * the kernel's clock ticks of 1/100 s).
   */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) / 100.0;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroy();
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
