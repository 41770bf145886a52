package org.eucalyptus.testfixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A tgtd of a test's own, on the control port and iSCSI portal (127.0.0.1) the test owns:
 * {@code tgtd -f -C <control> --iscsi portal=127.0.0.1:<port>}, in the foreground as a child.
 * Started, it answers tgtadm; a tgtd that already answers on that control port is refused (tgtadm
 * would reach it instead of ours, with other targets). Closed, it is killed with SIGKILL: tgtd ignores
 * SIGTERM while it has targets, and nothing it holds needs saving. Without root or the tgt package a
 * test using it skips, or fails under CI=true ({@link HostParts#skip}).
 *
 * <p>It runs tgtadm itself rather than through common's CommandRunner: common's own tests depend on
 * this module, so this module cannot depend on common.
 */
public final class TestTgtd implements AutoCloseable {
  /** A CHAP login bound to a target: the initiator must present it. */
  public record Chap(String user, String password) {}

  private final int controlPort;
  private final int iscsiPort;
  private final Process process;

  private TestTgtd(int controlPort, int iscsiPort, Process process) {
    this.controlPort = controlPort;
    this.iscsiPort = iscsiPort;
    this.process = process;
  }

  /** Root and tgt (tgtd, tgtadm): without them the calling test skips, or fails under CI=true. */
  public static void require() {
    if (!HostParts.installed("tgtd") || !HostParts.installed("tgtadm")) {
      HostParts.skip("tgtd and tgtadm are missing (apt-get install tgt)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      HostParts.skip("root is needed (tgtd)");
    }
  }

  /**
   * Starts a tgtd on {@code controlPort} with its portal on 127.0.0.1:{@code iscsiPort} and waits (up
   * to 10 s) until it answers; {@code log} receives its output.
   */
  public static TestTgtd start(int controlPort, int iscsiPort, Path log) throws IOException, InterruptedException {
    require();
    if (answers(controlPort)) {
      throw new IllegalStateException("another tgtd answers on control port " + controlPort
          + ": a test's tgtd must be its own (kill the leftover: pgrep -af 'tgtd.*-C " + controlPort + "')");
    }
    Process p = new ProcessBuilder("tgtd", "-f", "-C", Integer.toString(controlPort), "--iscsi",
        "portal=127.0.0.1:" + iscsiPort).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestTgtd tgtd = new TestTgtd(controlPort, iscsiPort, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!answers(controlPort)) {
      if (!p.isAlive() || System.nanoTime() - deadline > 0) {
        tgtd.close();
        throw new IOException("tgtd did not start on control port " + controlPort + " with portal 127.0.0.1:"
            + iscsiPort + ": " + Files.readString(log));
      }
      Thread.sleep(20);
    }
    if (!p.isAlive()) {
      throw new IllegalStateException("another tgtd answers on control port " + controlPort + " (ours ended: "
          + Files.readString(log) + ")");
    }
    return tgtd;
  }

  public int controlPort() {
    return controlPort;
  }

  public int iscsiPort() {
    return iscsiPort;
  }

  /** host:port of the iSCSI portal. */
  public String portal() {
    return "127.0.0.1:" + iscsiPort;
  }

  /** The tgtd's pid (a test that kills it the hard way). */
  public long pid() {
    return process.pid();
  }

  /**
   * Target {@code tid} named {@code iqn}, LUN 1 backed by {@code file}, open to every initiator;
   * returns its {@code iscsi://127.0.0.1:port/iqn/1} URL.
   */
  public String export(int tid, String iqn, Path file) throws IOException, InterruptedException {
    return export(tid, iqn, file, Optional.empty());
  }

  /** As {@link #export(int, String, Path)}, and with {@code chap} bound to the target when given. */
  public String export(int tid, String iqn, Path file, Optional<Chap> chap) throws IOException, InterruptedException {
    String t = Integer.toString(tid);
    tgtadm("--op", "new", "--mode", "target", "--tid", t, "-T", iqn);
    tgtadm("--op", "new", "--mode", "logicalunit", "--tid", t, "--lun", "1", "-b", file.toString());
    tgtadm("--op", "bind", "--mode", "target", "--tid", t, "-I", "ALL");
    if (chap.isPresent()) {
      tgtadm("--op", "new", "--mode", "account", "--user", chap.get().user(), "--password", chap.get().password());
      tgtadm("--op", "bind", "--mode", "account", "--tid", t, "--user", chap.get().user());
    }
    return "iscsi://" + portal() + "/" + iqn + "/1";
  }

  /** tgtadm's listing of the targets (their LUNs, accounts and connected initiators). */
  public String show() throws IOException, InterruptedException {
    return tgtadm("--op", "show", "--mode", "target");
  }

  /** Runs tgtadm on this tgtd's control port; its output, or an IOException with it when tgtadm fails. */
  public String tgtadm(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(tgtadmArgv(controlPort, args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("tgtadm " + String.join(" ", args) + " (control port " + controlPort + ") failed: "
          + out.strip());
    }
    return out;
  }

  private static boolean answers(int controlPort) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(tgtadmArgv(controlPort, "--op", "show", "--mode", "target"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor() == 0;
  }

  private static List<String> tgtadmArgv(int controlPort, String... args) {
    List<String> argv = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort), "--lld", "iscsi"));
    argv.addAll(List.of(args));
    return argv;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
