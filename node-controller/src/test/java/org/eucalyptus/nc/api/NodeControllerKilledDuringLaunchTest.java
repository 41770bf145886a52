package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.TestGuest;
import org.eucalyptus.testfixtures.QemuTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.InstanceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node controller killed (SIGKILL, as its own process) after it acknowledged a launch but before
 * the guest's domain started: restarted, it must still know the instance and start it, not forget
 * an instance the cluster was told is Pending on it. The launch is held at its kernel download
 * (an HTTP server that answers only once allowed to).
 */
@QemuTest
class NodeControllerKilledDuringLaunchTest {
  @TempDir Path tmp;
  private final List<Process> nodes = new ArrayList<>();
  private HttpServer images;

  @AfterEach
  void stop() throws Exception {
    for (Process p : nodes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    new ProcessBuilder("pkill", "-f", "qemu-system-x86_64.*" + tmp).start().waitFor();
    if (images != null) {
      images.stop(0);
    }
  }

  @Test
  void aLaunchCutShortByAKillIsStartedByTheRestartedNode() throws Exception {
    Path guest = TestGuest.require();
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch allowed = new CountDownLatch(1);
    images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    images.createContext("/", ex -> {
      asked.countDown();
      try {
        allowed.await(180, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Path f = guest.resolve(ex.getRequestURI().getPath().substring(1));
      ex.sendResponseHeaders(200, Files.size(f));
      try (OutputStream out = ex.getResponseBody()) {
        Files.copy(f, out);
      } catch (IOException e) {
        // the node that asked was killed
      }
    });
    images.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    images.start();
    String base = "http://127.0.0.1:" + images.getAddress().getPort() + "/";

    int port = freePort();
    Process first = startNode(port);
    EucalyptusNCPortType client = SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + port + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(60));
    String id = "i-0BEEF0C1";
    NcRunInstance run = NodeControllerSoapTest.run(id, 1);
    run.getInstanceType().setMemory(128);
    run.getInstanceType().setDisk(1);
    run.setKernelURL(base + "vmlinuz");
    run.setRamdiskURL(base + "initrd.gz");
    run.setImageURL(base + "disk.img");
    assertThat(client.ncRunInstance(run).getInstance().getStateName()).isEqualTo("Pending");
    assertThat(asked.await(60, TimeUnit.SECONDS)).as("the launch fetches its kernel").isTrue();
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    allowed.countDown();

    startNode(port);
    assertThat(state(client, id)).as("the instance the killed node acknowledged, after its restart")
        .isIn("Pending", "Extant");
    NodeControllerQemuTest.await("the instance running on the restarted node", Duration.ofMinutes(3),
        () -> "Extant".equals(state(client, id)));
    NcTerminateInstance term = new NcTerminateInstance();
    term.setInstanceId(id);
    client.ncTerminateInstance(term);
    NodeControllerQemuTest.await("QEMU gone", Duration.ofSeconds(60), () -> !NodeControllerQemuTest.qemuRunsFor(id));
  }

  private static String state(EucalyptusNCPortType client, String id) {
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add(id);
    try {
      return client.ncDescribeInstances(d).getInstances().stream().findFirst().map(InstanceType::getStateName)
          .orElse("unknown");
    } catch (Exception e) {
      return "no answer";
    }
  }

  /** A node controller as a process of its own (so that it can be killed), with the port open. */
  private Process startNode(int port) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.eucalyptus.nc.NodeControllerMain"));
    for (String kv : List.of("NC_PORT=" + port, "NC_BIND_ADDR=127.0.0.1", "HYPERVISOR=qemu",
        "LIBVIRT_URI=qemu:///embed?root=" + tmp.resolve("libvirt"), "INSTANCE_PATH=" + tmp.resolve("instances"),
        "NC_KEYS_DIR=" + tmp.resolve("keys"), "MAX_CORES=2", "MAX_MEM=1024", "MAX_DISK=10", "NC_MONITOR_MS=200")) {
      cmd.add("--set");
      cmd.add(kv);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("nc.out").toFile())).start();
    nodes.add(p);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        new Socket("127.0.0.1", port).close();
        return p;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("the node controller did not start: " + Files.readString(tmp.resolve("nc.out")));
        }
        Thread.sleep(200);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
