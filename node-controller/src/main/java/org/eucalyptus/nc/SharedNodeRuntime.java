package org.eucalyptus.nc;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.eucalyptus.common.http.ServerThreads;

/**
 * What many node controllers in one process share (the node simulator): the HTTP servers' event
 * loops and worker pools, one CXF bus for their SOAP endpoints, and one timer for their instance
 * monitors. A node controller on a host of its own has none of this and owns its threads. Whoever
 * made it closes it, after the node controllers on it.
 */
public final class SharedNodeRuntime implements AutoCloseable {
  private final ServerThreads http;
  private final Bus bus;
  private final ScheduledExecutorService timer;

  /**
   * @param ioThreads Netty event loops for every node's port
   * @param maxWorkers request threads for all nodes together: each node's open long poll holds one
   * @param timerThreads threads running every node's instance checks
   */
  public SharedNodeRuntime(int ioThreads, int maxWorkers, int timerThreads) {
    this.http = new ServerThreads("nc", ioThreads, maxWorkers);
    this.bus = BusFactory.newInstance().createBus();
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(timerThreads, r -> {
      Thread th = new Thread(r, "nc-monitor-" + n.incrementAndGet());
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true); // a stopped node's checks go with it
    this.timer = t;
  }

  ServerThreads http() {
    return http;
  }

  Bus bus() {
    return bus;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    bus.shutdown(false);
    http.close();
  }
}
