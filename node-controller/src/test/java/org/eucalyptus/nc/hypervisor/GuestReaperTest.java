package org.eucalyptus.nc.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.eucalyptus.testfixtures.Await;
import org.eucalyptus.testfixtures.HostParts;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node controller reaps the daemons started below it (libvirt's embedded QEMUs) as they end,
 * instead of leaving them to the host's init (on our test machines seconds late, which libvirt's
 * destroy and its capability probe wait out), and never takes the JVM's own children from it.
 */
@IntegrationTest
class GuestReaperTest {
  @TempDir static Path tmp;

  @BeforeAll
  static void reaping() {
    if (!Files.isDirectory(Path.of("/proc/self/task"))) {
      HostParts.skip("no /proc here: the reaper is Linux's (PR_SET_CHILD_SUBREAPER)");
    }
    assertThat(GuestReaper.ensureRunning()).isTrue();
  }

  /** A program of this name, a copy of {@code from} (a process's name is its program file's). */
  private static Path program(String from, String name) throws Exception {
    Path p = tmp.resolve(name);
    if (!Files.exists(p)) {
      Files.copy(Path.of(from), p, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return p;
  }

  /** Starts {@code command} as a daemon (its own session, its parent gone at once, as libvirt does); its pid. */
  private static long daemon(String command) throws Exception {
    return orphan("setsid " + command);
  }

  /** Starts {@code command} in the background of a shell that exits at once: an orphan; its pid. */
  private static long orphan(String command) throws Exception {
    Process sh = new ProcessBuilder("sh", "-c", command + " >/dev/null 2>&1 & echo $!").start();
    String pid = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(sh.waitFor()).isZero();
    return Long.parseLong(pid);
  }

  private static String status(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    return null;
  }

  @Test
  void anOrphanedQemuBecomesThisProcesssChildAndIsReapedAsItEnds() throws Exception {
    Path qemu = program("/bin/sleep", "qemu-system-test");
    // Another daemon's orphan that ended first holds up nothing.
    long other = daemon(program("/bin/sleep", "other-daemon") + " 0.1");
    long pid = daemon(qemu + " 0.6");
    assertThat(status(pid, "PPid")).as("the orphan's parent: this process, not init")
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    long t0 = System.nanoTime();
    Await.until("the ended QEMU reaped (gone from /proc)", Duration.ofSeconds(5),
        () -> !Files.exists(Path.of("/proc", Long.toString(pid))));
    long goneMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("a 0.6 s daemon gone %d ms after it was started%n", goneMs);
    assertThat(goneMs).isLessThan(600 + 500);
    Await.until("the other daemon reaped too", Duration.ofSeconds(5), () -> !Files.exists(Path.of("/proc", Long.toString(other))));
  }

  /**
   * The JVM's own children keep their exit status with the reaper running. (The JVM waits for them
   * the moment they start, so this alone would rarely catch a reaper that took them: that it leaves
   * this session's children be is shown by the orphan left a zombie through the grace, below.)
   */
  @Test
  void theJvmsOwnChildrenKeepTheirExitStatus() throws Exception {
    // Named like a QEMU tool the node controller runs itself, and ending at once, again and again.
    Path tool = program("/bin/sh", "qemu-img-test");
    for (int i = 0; i < 40; i++) {
      Process p = new ProcessBuilder(tool.toString(), "-c", "exit " + (i % 7 + 1)).start();
      assertThat(p.waitFor()).as("exit status of run " + i).isEqualTo(i % 7 + 1);
    }
  }

  /**
   * An orphan of this process's own session (a background job's, not a daemon) is left to the JVM
   * for a while, as the JVM's own children are, then reaped: it does not stay a zombie for good.
   */
  @Test
  void anOrphanOfThisSessionIsReapedAfterAGrace() throws Exception {
    long pid = orphan(program("/bin/sleep", "background-job") + " 0.1");
    assertThat(status(pid, "PPid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    Thread.sleep(2000);
    assertThat(status(pid, "State")).as("ended, and left for the grace").startsWith("Z");
    long t0 = System.nanoTime();
    Await.until("the orphan reaped after the grace", Duration.ofSeconds(10),
        () -> !Files.exists(Path.of("/proc", Long.toString(pid))));
    System.out.printf("an orphan of this session reaped %d ms after the first look%n",
        2000 + (System.nanoTime() - t0) / 1_000_000);
  }
}
