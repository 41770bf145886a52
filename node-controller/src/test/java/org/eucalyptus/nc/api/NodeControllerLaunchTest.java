package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.nc.hypervisor.DomainState;
import org.eucalyptus.nc.hypervisor.LibvirtHypervisor;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.types.InstanceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two node controllers in one JVM on libvirt's shared test driver: one makes "test" domains, the
 * other qemu-typed ones (the test driver accepts those), so the qemu launch path runs for real.
 */
@IntegrationTest
class NodeControllerLaunchTest {
  @TempDir static Path tmp;
  static NodeController testNc;
  static NodeController qemuNc;
  static EucalyptusNCPortType testClient;
  static EucalyptusNCPortType qemuClient;

  @BeforeAll
  static void start() throws Exception {
    Libvirt.requireOrSkip();
    testNc = startNc("test", tmp.resolve("nc1"));
    qemuNc = startNc("qemu", tmp.resolve("nc2"));
    testClient = client(testNc);
    qemuClient = client(qemuNc);
  }

  static NodeController startNc(String hypervisor, Path instancePath) throws Exception {
    return new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", hypervisor, "LIBVIRT_URI", "test:///default", "INSTANCE_PATH", instancePath.toString(),
        "MAX_CORES", "4", "MAX_MEM", "2048", "MAX_DISK", "50", "NC_MONITOR_MS", "100"))).start();
  }

  static EucalyptusNCPortType client(NodeController nc) {
    return SoapClients.create(EucalyptusNCPortType.class,
        "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    for (NodeController nc : new NodeController[] {qemuNc, testNc}) {
      if (nc != null) {
        nc.close();
      }
    }
  }

  /** Long-polls until the instance leaves Pending; returns its record. */
  static InstanceType settle(EucalyptusNCPortType client, String id) throws Exception {
    long since = 0;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      NcDescribeInstances d = new NcDescribeInstances();
      d.getInstanceIds().add(id);
      d.setSinceVersion(since);
      d.setWaitMillis(2000);
      var r = client.ncDescribeInstances(d);
      since = r.getVersion();
      if (!r.getInstances().isEmpty() && !r.getInstances().get(0).getStateName().equals("Pending")) {
        return r.getInstances().get(0);
      }
    }
    throw new AssertionError(id + " stayed Pending");
  }

  static void terminate(EucalyptusNCPortType client, String id) throws Exception {
    NcTerminateInstance t = new NcTerminateInstance();
    t.setInstanceId(id);
    client.ncTerminateInstance(t);
  }

  @Test
  void aQemuInstanceBootsAKernelFromAFileUrl() throws Exception {
    Path kernel = Files.writeString(tmp.resolve("vmlinuz"), "not really a kernel");
    NcRunInstance r = NodeControllerSoapTest.run("i-0E0E0E01", 1);
    r.setKernelURL(kernel.toUri().toString());
    qemuClient.ncRunInstance(r);
    InstanceType t = settle(qemuClient, "i-0E0E0E01");
    assertThat(t.getStateName()).isEqualTo("Extant");
    assertThat(tmp.resolve("nc2/work/123456789012/i-0E0E0E01/console.log")).exists();
    try (var h = new LibvirtHypervisor("test:///default")) {
      assertThat(h.state("i-0E0E0E01")).isEqualTo(DomainState.RUNNING);
    }
    terminate(qemuClient, "i-0E0E0E01");
    try (var h = new LibvirtHypervisor("test:///default")) {
      assertThat(h.state("i-0E0E0E01")).isEqualTo(DomainState.MISSING);
    }
  }

  @Test
  void aLaunchThatCannotFetchItsImageIsTornDownWithTheReason() throws Exception {
    NcRunInstance r = NodeControllerSoapTest.run("i-0E0E0E02", 2);
    r.setImageURL("http://walrus.example:8773/services/Walrus/bucket/image.manifest.xml");
    assertThat(qemuClient.ncRunInstance(r).getInstance().getStateName()).isEqualTo("Pending");
    InstanceType t = settle(qemuClient, "i-0E0E0E02");
    assertThat(t.getStateName()).isEqualTo("Teardown");
    assertThat(t.getStateReason()).startsWith("failed to start").contains("no certificate");
    assertThat(tmp.resolve("nc2/work/123456789012/i-0E0E0E02")).doesNotExist();
    assertThat(qemuClient.ncDescribeResource(new NcDescribeResource()).getNumberOfCoresAvailable()).isEqualTo(4);
  }

  @Test
  void eachNodeSeesOnlyTheInstancesItStarted() throws Exception {
    testClient.ncRunInstance(NodeControllerSoapTest.run("i-0E0E0E03", 1));
    Path kernel = Files.writeString(tmp.resolve("vmlinuz4"), "k");
    NcRunInstance r = NodeControllerSoapTest.run("i-0E0E0E04", 1);
    r.setKernelURL(kernel.toUri().toString());
    qemuClient.ncRunInstance(r);
    assertThat(settle(testClient, "i-0E0E0E03").getStateName()).isEqualTo("Extant");
    assertThat(settle(qemuClient, "i-0E0E0E04").getStateName()).isEqualTo("Extant");

    assertThat(testClient.ncDescribeInstances(new NcDescribeInstances()).getInstances())
        .extracting(InstanceType::getInstanceId).contains("i-0E0E0E03").doesNotContain("i-0E0E0E04", "test");
    assertThat(qemuClient.ncDescribeInstances(new NcDescribeInstances()).getInstances())
        .extracting(InstanceType::getInstanceId).contains("i-0E0E0E04").doesNotContain("i-0E0E0E03", "test");

    // Terminating on one node leaves the other node's guest alone.
    terminate(testClient, "i-0E0E0E03");
    Thread.sleep(300); // a few monitor passes
    NcDescribeInstances d = new NcDescribeInstances();
    d.getInstanceIds().add("i-0E0E0E04");
    assertThat(qemuClient.ncDescribeInstances(d).getInstances().get(0).getStateName()).isEqualTo("Extant");
    terminate(qemuClient, "i-0E0E0E04");
  }

  /** What an image server does with each request before it answers. */
  interface Hold {
    void await() throws InterruptedException;
  }

  /**
   * Serves zeros as images (1 MiB for a disk.img, 4 KiB for anything else), each answer given only once
   * {@code hold} returns for its request.
   */
  static com.sun.net.httpserver.HttpServer heldImages(Hold hold) throws java.io.IOException {
    com.sun.net.httpserver.HttpServer images =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    images.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    images.createContext("/", x -> {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = new byte[x.getRequestURI().getPath().endsWith("disk.img") ? 1 << 20 : 4096];
      x.sendResponseHeaders(200, body.length);
      try (var out = x.getResponseBody()) {
        out.write(body);
      }
    });
    images.start();
    return images;
  }

  /** Serves the three images; each answer waits (up to 5 s) until all three have been asked for. */
  @Test
  void kernelRamdiskAndImageAreFetchedTogether() throws Exception {
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(3);
    java.util.concurrent.atomic.AtomicBoolean together = new java.util.concurrent.atomic.AtomicBoolean(true);
    com.sun.net.httpserver.HttpServer images = heldImages(() -> {
      asked.countDown();
      if (!asked.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
        together.set(false); // this one was asked for alone: the others wait for it
      }
    });
    try {
      String base = "http://127.0.0.1:" + images.getAddress().getPort() + "/together/";
      NcRunInstance r = NodeControllerSoapTest.run("i-0E0E0E05", 1);
      r.setKernelURL(base + "vmlinuz");
      r.setRamdiskURL(base + "initrd.gz");
      r.setImageURL(base + "disk.img");
      long t0 = System.nanoTime();
      qemuClient.ncRunInstance(r);
      assertThat(settle(qemuClient, "i-0E0E0E05").getStateName()).isEqualTo("Extant");
      assertThat(together).as("the three fetches overlapped").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      terminate(qemuClient, "i-0E0E0E05");
    } finally {
      images.stop(0);
    }
  }

  @Test
  void aKernelThatCannotBeFetchedFailsTheLaunchWithItsReason() throws Exception {
    Path image = Files.write(tmp.resolve("disk6.img"), new byte[1 << 20]);
    NcRunInstance r = NodeControllerSoapTest.run("i-0E0E0E06", 1);
    r.setKernelURL("ftp://images.example/vmlinuz");
    r.setImageURL(image.toUri().toString());
    qemuClient.ncRunInstance(r);
    InstanceType t = settle(qemuClient, "i-0E0E0E06");
    assertThat(t.getStateName()).isEqualTo("Teardown");
    assertThat(t.getStateReason()).startsWith("failed to start").contains("only file, http and https URLs");
    assertThat(tmp.resolve("nc2/work/123456789012/i-0E0E0E06")).doesNotExist();
  }

  /**
   * A terminate that lands while the launch still fetches its images: the instance ends as terminated,
   * its files go, and the launch's own end (its work directory removed under it) is not logged as a
   * failure to start.
   */
  @Test
  void aTerminateDuringStagingIsNotAFailureToStart() throws Exception {
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    com.sun.net.httpserver.HttpServer images = heldImages(() -> {
      asked.countDown();
      release.await(10, java.util.concurrent.TimeUnit.SECONDS);
    });
    java.io.StringWriter log = new java.io.StringWriter();
    org.apache.logging.log4j.core.Logger logger = (org.apache.logging.log4j.core.Logger)
        org.apache.logging.log4j.LogManager.getLogger(org.eucalyptus.nc.instances.InstanceLauncher.class);
    org.apache.logging.log4j.core.appender.WriterAppender appender = org.apache.logging.log4j.core.appender
        .WriterAppender.newBuilder().setName("staging-terminate").setTarget(log).setLayout(
            org.apache.logging.log4j.core.layout.PatternLayout.newBuilder().setPattern("%p %m%n").build()).build();
    appender.start();
    logger.addAppender(appender);
    try {
      NcRunInstance r = NodeControllerSoapTest.run("i-0E0E0E07", 1);
      r.setImageURL("http://127.0.0.1:" + images.getAddress().getPort() + "/slow/disk.img");
      qemuClient.ncRunInstance(r);
      assertThat(asked.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the image asked for").isTrue();
      terminate(qemuClient, "i-0E0E0E07");
      release.countDown();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!log.toString().contains("i-0E0E0E07 was terminated during its launch")) {
        assertThat(System.nanoTime()).as("the launch's end logged: " + log).isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(log.toString()).doesNotContain("i-0E0E0E07 failed to start");
      NcDescribeInstances d = new NcDescribeInstances();
      d.getInstanceIds().add("i-0E0E0E07");
      assertThat(qemuClient.ncDescribeInstances(d).getInstances()).allSatisfy(i -> {
        assertThat(i.getStateName()).isEqualTo("Teardown");
        assertThat(i.getStateReason()).doesNotStartWith("failed to start");
      });
      assertThat(tmp.resolve("nc2/work/123456789012/i-0E0E0E07")).doesNotExist();
    } finally {
      logger.removeAppender(appender);
      appender.stop();
      release.countDown();
      images.stop(0);
    }
  }
}
