package org.eucalyptus.nc.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.nc.NodeSettings;
import org.eucalyptus.nc.SharedNodeRuntime;
import org.eucalyptus.nc.hypervisor.HypervisorException;

/**
 * One simulated node: the real {@link NodeController} on its own port, with its own keys directory
 * (it is enrolled like any node), instance directory, and its own libvirt test driver. Each
 * {@code test:///default} connection in a process is the same in-memory host, so every node gets a
 * host of its own from a test-driver description file ({@code node.xml}: its cores and memory).
 */
public final class SimulatedNode implements AutoCloseable {
  private final String bindAddr;
  /** The port asked for; once started, the one bound, so a restarted node is where its cluster knows it. */
  private int port;
  private NodeSettings settings;
  private final SharedNodeRuntime shared;
  private NodeController controller;

  SimulatedNode(SimulatorOptions options, int index, SharedNodeRuntime shared) throws IOException {
    this.port = options.port(index);
    this.bindAddr = options.bindAddr();
    this.shared = shared;
    Path dir = options.dataDir().resolve("node-" + index);
    Files.createDirectories(dir);
    Path hostXml = dir.resolve("node.xml");
    Files.writeString(hostXml, testDriverHost(options.cores(), options.memoryMb()));
    Map<String, String> conf = new LinkedHashMap<>();
    // Defaults for a simulated node, each overridable with --set.
    conf.put("NC_MONITOR_MS", "5000"); // guests on the test driver never stop on their own
    conf.put("CONCURRENT_LAUNCHES", "2");
    conf.putAll(options.nodeConf());
    // What makes it this node: not overridable.
    conf.put("NC_PORT", String.valueOf(port));
    conf.put("NC_BIND_ADDR", options.bindAddr());
    conf.put("HYPERVISOR", "test");
    conf.put("LIBVIRT_URI", "test://" + hostXml);
    conf.put("INSTANCE_PATH", dir.resolve("instances").toString());
    conf.put("NC_KEYS_DIR", dir.resolve("keys").toString());
    conf.put("MAX_DISK", String.valueOf(options.diskGb()));
    this.settings = NodeSettings.from(EucaConf.of(conf));
  }

  /** The libvirt test driver's description of a host with {@code cores} and {@code memoryMb}, and no guests. */
  static String testDriverHost(int cores, int memoryMb) {
    return "<node>\n  <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets><cores>" + cores
        + "</cores><threads>1</threads><active>" + cores + "</active><total>" + cores + "</total></cpu>\n"
        + "  <memory>" + (long) memoryMb * 1024 + "</memory>\n</node>\n";
  }

  /** host:port, as the cluster controller's NODES lists it (once started, when its port was a free one). */
  public synchronized String address() {
    return bindAddr + ":" + port;
  }

  public synchronized boolean running() {
    return controller != null;
  }

  /** Starts the node (again, after {@link #stop}: it adopts what its directory records, as a restarted NC does). */
  public synchronized void start() throws HypervisorException, IOException, InterruptedException {
    if (controller == null) {
      controller = new NodeController(settings, shared).start();
      if (port == 0) {
        port = controller.port();
        settings = new NodeSettings(new NodeSettings.Server(settings.server().bindAddr(), port,
            settings.server().path(), settings.server().http()), settings.hypervisor(), settings.capacity(),
            settings.storage(), settings.network(), settings.keysDir(), settings.powerdownCommand(),
            settings.teardownRetention(), settings.monitorPeriod(), settings.volumeDetachWait(), settings.iscsiMode(),
            settings.shutdownGrace());
      }
    }
  }

  /** Makes the node's key pair if it has none, as a node controller does after it starts. */
  public synchronized void makeKey() throws IOException {
    if (controller != null) {
      controller.makeKey();
    }
  }

  /** Stops the node as a node controller that stops: its port closes, its instances' records stay. */
  public synchronized void stop() {
    if (controller != null) {
      controller.close();
      controller = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
