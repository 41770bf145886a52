package org.eucalyptus.sc.iscsi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.common.exec.CommandRunner;

/** A tgtd of a test's own (control and iSCSI ports of its own), stopped when closed. */
final class TestTgtd implements AutoCloseable {
  final int controlPort;
  final int iscsiPort;
  final CommandRunner commands = new CommandRunner(Duration.ofMinutes(2));
  private final Process process;

  TestTgtd(int controlPort, int iscsiPort, Path log) throws Exception {
    this.controlPort = controlPort;
    this.iscsiPort = iscsiPort;
    process = new ProcessBuilder("tgtd", "-f", "-C", Integer.toString(controlPort), "--iscsi",
        "portal=127.0.0.1:" + iscsiPort).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (commands.runAllowingFailure(tgtadm("--op", "show", "--mode", "target"), null).exitStatus() != 0) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IOException("tgtd on control port " + controlPort + " did not start (is another one there?)");
      }
      Thread.sleep(20);
    }
  }

  /** Target {@code tid} named {@code iqn}, LUN 1 backed by {@code file}, open to every initiator. */
  String export(int tid, String iqn, Path file) throws Exception {
    commands.run(tgtadm("--op", "new", "--mode", "target", "--tid", Integer.toString(tid), "-T", iqn), null);
    commands.run(tgtadm("--op", "new", "--mode", "logicalunit", "--tid", Integer.toString(tid), "--lun", "1", "-b",
        file.toString()), null);
    commands.run(tgtadm("--op", "bind", "--mode", "target", "--tid", Integer.toString(tid), "-I", "ALL"), null);
    return "iscsi://127.0.0.1:" + iscsiPort + "/" + iqn + "/1";
  }

  String show() throws Exception {
    return commands.run(tgtadm("--op", "show", "--mode", "target"), null).stdout();
  }

  List<String> tgtadm(String... args) {
    List<String> argv = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort), "--lld", "iscsi"));
    argv.addAll(List.of(args));
    return argv;
  }

  @Override
  public void close() {
    // tgtd does not end on SIGTERM; nothing it holds needs saving
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
