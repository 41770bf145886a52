package org.eucalyptus.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A libvirtd of the benchmark's own (qemu:///system, its guests outlive the node controller), run
 * in the node's network namespace so that guests join the node's bridges. It runs in a mount
 * namespace of its own with empty /run, /var/lib, /var/log and /var/cache and our qemu.conf over
 * /etc/libvirt, so it leaves nothing on this machine and shares nothing with another libvirtd;
 * its socket is in our directory, named in the URI.
 */
final class PrivateLibvirtd implements AutoCloseable {
  private final Path dir;
  private final Shell shell;
  private final String marker;
  private long pid = -1;

  /** {@code marker}: a path every guest's QEMU command line names (the node's instance directory). */
  PrivateLibvirtd(Path dir, Shell shell, String marker) {
    this.dir = dir;
    this.shell = shell;
    this.marker = marker;
  }

  String uri() {
    return "qemu:///system?socket=" + dir.resolve("sock/libvirt-sock");
  }

  void start(String namespace) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("etc"));
    Files.createDirectories(dir.resolve("sock"));
    // Guests run as root without a security driver or cgroups: a host without systemd (see
    // docs of the test environment); the QEMU driver's log goes to a file, no virtlogd.
    Files.writeString(dir.resolve("etc/qemu.conf"), """
        user = "root"
        group = "root"
        dynamic_ownership = 0
        security_driver = "none"
        cgroup_controllers = [ ]
        namespaces = [ ]
        remember_owner = 0
        stdio_handler = "file"
        """);
    Files.writeString(dir.resolve("etc/libvirtd.conf"), "unix_sock_dir = \"" + dir.resolve("sock") + "\"\n"
        + "log_outputs = \"3:file:" + dir.resolve("libvirtd.log") + "\"\n");
    shell.run("ip netns exec " + namespace + " unshare -m --propagation private sh -c '"
        + "mount -t tmpfs none /run && mount -t tmpfs none /var/lib && mount -t tmpfs none /var/log"
        + " && mount -t tmpfs none /var/cache && mkdir -p /run/libvirt /var/lib/libvirt /var/log/libvirt"
        + " /var/cache/libvirt && mount --bind " + dir.resolve("etc") + " /etc/libvirt && exec libvirtd -d"
        + " --config " + dir.resolve("etc/libvirtd.conf") + " --pid-file " + dir.resolve("libvirtd.pid") + "'",
        Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(dir.resolve("sock/libvirt-sock")) || !Files.exists(dir.resolve("libvirtd.pid"))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("libvirtd did not start; see " + dir.resolve("libvirtd.log"));
      }
      Thread.sleep(100);
    }
    pid = Long.parseLong(Files.readString(dir.resolve("libvirtd.pid")).trim());
  }

  /** The names of the domains libvirt has, running or defined. */
  java.util.List<String> domains() {
    return shell.read("virsh -q -c '" + uri() + "' list --all --name").lines().map(String::strip)
        .filter(l -> !l.isEmpty()).toList();
  }

  /** Pids of the QEMU processes whose command line names {@code marker} (a path of ours). */
  static java.util.List<Long> qemuPids(String marker) {
    return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").contains("qemu-system")
        && String.join(" ", p.info().arguments().orElse(new String[0])).contains(marker))
        .map(ProcessHandle::pid).toList();
  }

  @Override
  public void close() {
    if (pid <= 0) {
      return;
    }
    for (String d : domains()) {
      shell.read("virsh -q -c '" + uri() + "' destroy " + d + "; virsh -q -c '" + uri() + "' undefine " + d);
    }
    for (long q : qemuPids(marker)) {
      ProcessHandle.of(q).ifPresent(ProcessHandle::destroyForcibly);
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    pid = -1;
  }
}
