package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eucalyptus.nc.TestGuest;
import org.eucalyptus.testfixtures.QemuTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on a fresh embedded libvirt has libvirt probe QEMU's capabilities as it starts, before any
 * launch: the probe (about 2 s here) had been paid by the node's first instance. A process of its
 * own, as libvirt takes one embedded root per process and the other tests share theirs.
 */
@QemuTest
class NodeWarmsLibvirtTest {
  @TempDir Path tmp;
  private Process node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void qemusCapabilitiesAreProbedAtStartNotAtTheFirstLaunch() throws Exception {
    TestGuest.require(); // QEMU and libvirt's QEMU driver
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path root = tmp.resolve("libvirt");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.eucalyptus.nc.NodeControllerMain"));
    for (String kv : List.of("NC_PORT=" + port, "NC_BIND_ADDR=127.0.0.1", "HYPERVISOR=qemu",
        "LIBVIRT_URI=qemu:///embed?root=" + root, "INSTANCE_PATH=" + tmp.resolve("instances"),
        "NC_KEYS_DIR=" + tmp.resolve("keys"), "MAX_CORES=2", "MAX_MEM=1024", "MAX_DISK=10")) {
      cmd.add("--set");
      cmd.add(kv);
    }
    node = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("nc.out").toFile())).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    boolean serving = false;
    while (System.nanoTime() < deadline && !(serving && probed(root))) {
      if (!node.isAlive()) {
        throw new AssertionError("the node controller ended: " + Files.readString(tmp.resolve("nc.out")));
      }
      if (!serving) {
        try {
          new Socket("127.0.0.1", port).close();
          serving = true;
        } catch (IOException e) {
          // not yet
        }
      }
      Thread.sleep(200);
    }
    assertThat(serving).as("the node serves").isTrue();
    assertThat(probed(root)).as("QEMU's capabilities cached under " + root + " with no launch asked for").isTrue();
  }

  private static boolean probed(Path root) throws IOException {
    Path caps = root.resolve("cache/qemu/capabilities");
    if (!Files.isDirectory(caps)) {
      return false;
    }
    try (Stream<Path> files = Files.list(caps)) {
      return files.anyMatch(p -> p.toString().endsWith(".xml"));
    }
  }
}
