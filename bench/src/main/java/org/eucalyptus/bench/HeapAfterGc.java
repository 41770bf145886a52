package org.eucalyptus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running JVM's live heap, asked of it with {@code jcmd}: its class histogram of live objects (which
 * a full collection precedes), whose total is the heap in use after a full GC, and the classes holding
 * most of it. For any bench that starts a component as a process of its own.
 */
public final class HeapAfterGc {
  /** Bytes live after a full GC, and the histogram's top lines ("bytes class" each). */
  public record Live(long bytes, List<String> top) {
    public double mib() {
      return bytes / 1048576.0;
    }
  }

  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

  private HeapAfterGc() {}

  /** The live heap of process {@code pid} (a JVM of this user), with its {@code topClasses} largest classes. */
  public static Live of(long pid, int topClasses) throws IOException, InterruptedException {
    String histogram = jcmd(pid, "GC.class_histogram");
    long total = -1;
    List<String> top = new ArrayList<>();
    for (String line : histogram.split("\n")) {
      Matcher t = TOTAL.matcher(line);
      if (t.matches()) {
        total = Long.parseLong(t.group(2));
        continue;
      }
      Matcher r = ROW.matcher(line);
      if (r.matches() && top.size() < topClasses) {
        top.add(String.format("%8.1f MiB %9s objects  %s", Long.parseLong(r.group(2)) / 1048576.0, r.group(1),
            r.group(3)));
      }
    }
    if (total < 0) {
      throw new IOException("jcmd " + pid + " GC.class_histogram gave no total:\n" + histogram);
    }
    return new Live(total, top);
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
