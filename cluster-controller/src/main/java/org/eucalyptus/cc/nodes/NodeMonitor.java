package org.eucalyptus.cc.nodes;

import jakarta.xml.ws.BindingProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.cxf.message.Message;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeInstancesResponse;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcDescribeResourceResponse;
import org.eucalyptus.wsdl.types.InstanceType;

/**
 * Follows one node: its size every {@code resourcePeriod}, and its instances through a describe
 * long poll that returns as soon as anything changes there. A node that stops answering is marked
 * down (its instances keep their last state) and retried with a growing pause.
 */
public final class NodeMonitor implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(NodeMonitor.class);
  private static final long ANSWER_MARGIN_MS = 10_000;

  private final Node node;
  private final InstanceCache cache;
  private final Duration resourcePeriod;
  private final Runnable onChange;
  private final Thread thread;
  /** Used by this monitor's thread only: its timeouts are set per call. */
  private final EucalyptusNCPortType client;
  private volatile boolean running = true;
  /** Open once the node's first report is in the cache, or its first poll failed (it is down). */
  private final java.util.concurrent.CountDownLatch firstAnswer = new java.util.concurrent.CountDownLatch(1);

  /** @param onChange called after the node's size or state changed (the cluster's view moved) */
  public NodeMonitor(Node node, EucalyptusNCPortType client, InstanceCache cache, Duration resourcePeriod,
      Runnable onChange) {
    this.node = node;
    this.cache = cache;
    this.resourcePeriod = resourcePeriod;
    this.onChange = onChange;
    this.client = client;
    this.thread = new Thread(this::loop, "cc-node-" + node.index());
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /**
   * Waits until the cache holds what the node reported first (or the node is known to be down):
   * before that, a cluster controller that just started does not know the node's instances.
   */
  public boolean awaitFirstAnswer(Duration timeout) {
    try {
      return firstAnswer.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void loop() {
    Long since = null;
    long nextRefresh = 0;
    long backoffMs = 250;
    while (running) {
      try {
        if (System.nanoTime() >= nextRefresh) {
          refreshResources();
          nextRefresh = System.nanoTime() + resourcePeriod.toNanos();
        }
        NcDescribeInstances req = new NcDescribeInstances();
        int wait = 0;
        if (since != null) {
          long untilRefresh = Math.max(0, (nextRefresh - System.nanoTime()) / 1_000_000);
          wait = (int) Math.min(untilRefresh, NodeRegistry.LONG_POLL.toMillis());
          req.setSinceVersion(since);
          req.setWaitMillis(wait);
        }
        receiveTimeout(wait + ANSWER_MARGIN_MS);
        NcDescribeInstancesResponse resp = client.ncDescribeInstances(req);
        if (!running) {
          return;
        }
        List<org.eucalyptus.cc.instances.CcInstance> reported = new ArrayList<>();
        for (InstanceType i : resp.getInstances()) {
          reported.add(NodeInstances.of(i, node.serviceTag()));
        }
        cache.applyNodeReport(node.serviceTag(), reported);
        firstAnswer.countDown();
        since = resp.getVersion();
        backoffMs = 250;
      } catch (Exception | Error e) {
        if (!running) {
          return;
        }
        firstAnswer.countDown();
        if (node.up()) {
          LOG.warn("node {} not answering: {}", node.serviceTag(), rootCause(e));
          node.markDown();
          onChange.run();
        }
        since = null;
        nextRefresh = 0;
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  private void refreshResources() throws Exception {
    receiveTimeout(ANSWER_MARGIN_MS);
    NcDescribeResourceResponse r = client.ncDescribeResource(new NcDescribeResource());
    boolean wasUp = node.up();
    boolean resized = r.getNumberOfCoresMax() != node.coresMax() || r.getMemorySizeMax() != node.memoryMax()
        || r.getDiskSizeMax() != node.diskMax();
    node.markUp(r.getNumberOfCoresMax(), r.getMemorySizeMax(), r.getDiskSizeMax());
    if (!wasUp) {
      LOG.info("node {} is up: {} cores, {} MB, {} GB", node.serviceTag(), r.getNumberOfCoresMax(),
          r.getMemorySizeMax(), r.getDiskSizeMax());
    }
    if (!wasUp || resized) {
      onChange.run();
    }
  }

  /**
   * A node that accepts the connection but never answers (wedged, or cut off mid-call) must still go
   * DOWN soon: the monitor waits no longer than the long poll plus this margin.
   */
  private void receiveTimeout(long ms) {
    ((BindingProvider) client).getRequestContext().put(Message.RECEIVE_TIMEOUT, ms);
  }

  /** CXF wraps the transport error a few times; the innermost one says what happened. */
  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
