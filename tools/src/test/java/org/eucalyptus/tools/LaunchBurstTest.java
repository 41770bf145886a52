package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.simulator.NodeSimulator;
import org.eucalyptus.nc.simulator.SimulatorOptions;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.tools.admin.Ec2QueryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launch burst: many RunInstances at once through the cloud controller's Query API, onto a real
 * cluster controller and simulated nodes, while the instances already launched come running through
 * the cluster's reports. Every launch must be answered with its instances (none refused for a lock
 * the database could not give in time) and every instance must come running. On H2, and on
 * PostgreSQL with {@code -Deuca.test.db=postgresql}.
 */
@IntegrationTest
class LaunchBurstTest {
  /** Clients launching at once, launches each, instances a launch. */
  static final int CLIENTS = Integer.getInteger("burst.clients", 8);
  static final int LAUNCHES = Integer.getInteger("burst.launches", 8);
  static final int BATCH = Integer.getInteger("burst.batch", 10);
  static final int NODES = 8;

  @TempDir Path tmp;
  NodeSimulator sim;
  ClusterController cc;
  CloudMain cloud;
  TestPostgres postgres;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {cloud, cc, sim, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void concurrentLaunchesAllSucceedAndRun() throws Exception {
    Libvirt.requireOrSkip();
    int total = CLIENTS * LAUNCHES * BATCH;
    int cores = (total + NODES - 1) / NODES + 4;
    sim = NodeSimulator.start(new SimulatorOptions(NODES, "127.0.0.1", 0, tmp.resolve("sim"), cores, cores * 128,
        cores * 2, Map.of("NC_MONITOR_MS", "1000")));
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "CC_STATE_DIR", tmp.resolve("cc").toString(), "NC_POLLING_FREQUENCY", "1", "NODES", sim.nodesLine()))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString())).start();
    postgres = TestPostgres.requested() ? TestPostgres.create("burst_launch") : null;
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port()))
        .with(postgres == null ? Map.of() : postgres.settings("CLC")));
    var admin = cloud.clc().admin();
    Ec2QueryClient ec2 = new Ec2QueryClient(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"),
        admin.accessKeyId(), admin.secretKey(), "eucalyptus");
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String emi = cloud.clc().images().register(admin.accountNumber(), "tiny", null, image.toUri().toString(),
        "machine", "x86_64", null, null, true).imageId();
    NodeSimulatorTest.await("cluster01 available", Duration.ofSeconds(60), () -> "available".equals(
        Ec2QueryClient.element(answer(ec2, "DescribeAvailabilityZones", Map.of()), "zoneState")));

    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        done.add(clients.submit(() -> {
          for (int i = 0; i < LAUNCHES; i++) {
            try {
              ids.addAll(Ec2QueryClient.elements(ec2.call("RunInstances", Map.of("ImageId", emi,
                  "InstanceType", "m1.small", "MinCount", "" + BATCH, "MaxCount", "" + BATCH)), "instanceId"));
            } catch (Ec2QueryClient.ServiceError e) {
              failures.add(e.code() + ": " + e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
    System.out.printf("%s: %d launches of %d from %d clients answered after %d ms%n",
        postgres == null ? "H2" : "PostgreSQL", CLIENTS * LAUNCHES, BATCH, CLIENTS, (System.nanoTime() - t0) / 1_000_000);
    assertThat(failures).as("launches refused during the burst").isEmpty();
    assertThat(ids).hasSize(total).doesNotHaveDuplicates();

    NodeSimulatorTest.await(total + " instances running", Duration.ofSeconds(60), () -> Ec2QueryClient.elements(
        answer(ec2, "DescribeInstances", Map.of("Filter.1.Name", "instance-state-name", "Filter.1.Value.1", "running")),
        "instanceId").size() == total);
    System.out.printf("all %d running after %d ms%n", total, (System.nanoTime() - t0) / 1_000_000);
  }

  /** The service's answer to a call, or "" when it answered an error (a condition polled again). */
  static String answer(Ec2QueryClient ec2, String action, Map<String, String> params) {
    try {
      return ec2.call(action, params);
    } catch (Ec2QueryClient.ServiceError e) {
      return "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
