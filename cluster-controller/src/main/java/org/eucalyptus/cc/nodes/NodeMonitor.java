package org.eucalyptus.cc.nodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.instances.CcInstance;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.common.soap.NonBlockingCalls;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeInstancesResponse;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcDescribeResourceResponse;
import org.eucalyptus.wsdl.types.InstanceType;

/**
 * Follows one node: its instances through a describe long poll that returns as soon as anything
 * changes there, and its size, which each answer of that poll carries (a node whose answers do not
 * is asked ncDescribeResource every {@code resourcePeriod}). A node that has not answered for
 * {@code nodeTimeout} since its last answer (killed, cut off, or wedged with the connection open)
 * is marked down (its instances keep their last state) and retried with a growing pause. The time
 * is counted from the answer, not from the next call: with many nodes the next call may leave
 * a while after the answer came, and that wait is the cluster controller's, not the node's.
 *
 * <p>No thread waits for the node: each call goes out through {@link NonBlockingCalls} and the next
 * step runs when its answer (or its failure) comes, on the few threads those calls share. One
 * step of a monitor runs at a time: each one starts the next only once it is done.
 */
public final class NodeMonitor implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(NodeMonitor.class);
  private static final long FIRST_BACKOFF_MS = 250;
  private static final long LAST_BACKOFF_MS = 5000;

  private final Node node;
  private final InstanceCache cache;
  private final Duration resourcePeriod;
  private final Duration nodeTimeout;
  private final Runnable onChange;
  private final NonBlockingCalls calls;
  /** An adopted client ({@link NonBlockingCalls#adopt}), shared by all monitors: each call names its node. */
  private final EucalyptusNCPortType client;
  private volatile boolean running = true;
  /** Open once the node's first report is in the cache, or its first poll failed (it is down). */
  private final CountDownLatch firstAnswer = new CountDownLatch(1);
  // Touched by one step at a time (each step starts the next), so no lock; volatile for the hand-over
  // between the shared threads.
  private volatile Long since;
  /**
   * The node's instances as its last answer with a list gave them: an answer that says nothing
   * changed since (most polls of an idle node) leaves its list out, which at ten instances a node
   * was most of the bytes the cluster controller read and the node wrote while idle.
   */
  private volatile List<CcInstance> lastReport;
  private volatile long nextRefresh;
  private volatile long backoffMs = FIRST_BACKOFF_MS;
  /** When the outstanding call's answer arrived (System.nanoTime), before it waited for a shared thread. */
  private volatile long answerArrived;
  /** Whether the node's describe answers carry its size: then the long poll is the only call. */
  private volatile boolean sizeInAnswers;

  /**
   * @param nodeTimeout CC_NODE_TIMEOUT_SEC: the longest an up node may go without answering; a
   *     long poll asks the node to answer within half of what is left of it, so a node that stops
   *     answering is down within this time of its last answer
   * @param onChange called after the node's size or state changed (the cluster's view moved)
   */
  public NodeMonitor(Node node, EucalyptusNCPortType client, NonBlockingCalls calls, InstanceCache cache,
      Duration resourcePeriod, Duration nodeTimeout, Runnable onChange) {
    this.node = node;
    this.cache = cache;
    this.resourcePeriod = resourcePeriod;
    this.nodeTimeout = nodeTimeout;
    this.onChange = onChange;
    this.calls = calls;
    this.client = client;
    this.nextRefresh = System.nanoTime();
  }

  public void start() {
    next(this::step);
  }

  /**
   * Waits until the cache holds what the node reported first (or the node is known to be down):
   * before that, a cluster controller that just started does not know the node's instances.
   */
  public boolean awaitFirstAnswer(Duration timeout) {
    try {
      return firstAnswer.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The longest a describe long poll waits at the node: the rest of the call's time is its margin. */
  static long longPollWaitMs(Duration callTimeout, long untilRefreshMs) {
    return Math.max(0, Math.min(Math.min(untilRefreshMs, NodeRegistry.LONG_POLL.toMillis()), callTimeout.toMillis() / 2));
  }

  /**
   * How long the next call may wait for its answer: the whole timeout for a node not (yet) up (or
   * with no answer on record), what is left until it is due ({@link Node#dueBy}) for one that is, or
   * null when nothing is left.
   */
  static Duration callTimeout(boolean up, long dueByNanos, long nowNanos, Duration nodeTimeout) {
    if (!up || dueByNanos == 0) {
      return nodeTimeout;
    }
    long leftMs = (dueByNanos - nowNanos) / 1_000_000;
    // A receive timeout of 0 means "wait for ever" to the transport: below a millisecond is none left.
    return leftMs < 1 ? null : Duration.ofMillis(leftMs);
  }

  private void step() {
    if (!running) {
      return;
    }
    Duration timeout = callTimeout(node.markedUp(), node.dueBy(), System.nanoTime(), nodeTimeout);
    if (timeout == null) {
      failed(new TimeoutException("no answer within CC_NODE_TIMEOUT_SEC (" + nodeTimeout.toSeconds() + " s)"));
      return;
    }
    if (!sizeInAnswers && since != null && System.nanoTime() - nextRefresh >= 0) {
      calls.call(client, node.serviceTag(), "ncDescribeResource", new NcDescribeResource(), NcDescribeResourceResponse.class, timeout)
          .whenComplete((r, e) -> arrived(System.nanoTime(), () -> {
            if (e != null) {
              failed(e);
            } else {
              resized(r);
              nextRefresh = System.nanoTime() + resourcePeriod.toNanos();
              step();
            }
          }));
      return;
    }
    NcDescribeInstances req = new NcDescribeInstances();
    Long known = since;
    if (known != null) {
      long untilRefresh = sizeInAnswers ? Long.MAX_VALUE : Math.max(0, (nextRefresh - System.nanoTime()) / 1_000_000);
      req.setSinceVersion(known);
      req.setWaitMillis((int) longPollWaitMs(timeout, untilRefresh));
      req.setSayUnchanged(true);
    }
    calls.call(client, node.serviceTag(), "ncDescribeInstances", req, NcDescribeInstancesResponse.class, timeout)
        .whenComplete((r, e) -> arrived(System.nanoTime(), () -> {
          if (e != null) {
            failed(e);
          } else {
            reported(r);
            step();
          }
        }));
  }

  private void reported(NcDescribeInstancesResponse resp) {
    List<CcInstance> reported;
    if (Boolean.TRUE.equals(resp.isUnchanged())) {
      // The node's list as it last sent it, applied again (an entry of the cache may vanish meanwhile);
      // asked only with a version from an answer, so there is one.
      reported = lastReport;
    } else {
      reported = new ArrayList<>();
      for (InstanceType i : resp.getInstances()) {
        reported.add(NodeInstances.of(i, node.serviceTag()));
      }
    }
    lastReport = reported;
    answered();
    sizeInAnswers = resp.getNumberOfCoresMax() != null && resp.getMemorySizeMax() != null
        && resp.getDiskSizeMax() != null;
    if (sizeInAnswers) {
      sized(resp.getNumberOfCoresMax(), resp.getMemorySizeMax(), resp.getDiskSizeMax());
    }
    if (reported != null) {
      cache.applyNodeReport(node.serviceTag(), reported);
    }
    firstAnswer.countDown();
    since = resp.getVersion();
    backoffMs = FIRST_BACKOFF_MS;
  }

  private void resized(NcDescribeResourceResponse r) {
    answered();
    sized(r.getNumberOfCoresMax(), r.getMemorySizeMax(), r.getDiskSizeMax());
  }

  /** The node answered with its size: it is up, and the cluster's view moves if it just came up or changed size. */
  private void sized(int cores, int memoryMb, int diskGb) {
    boolean wasUp = node.markedUp();
    boolean resized = cores != node.coresMax() || memoryMb != node.memoryMax() || diskGb != node.diskMax();
    node.markUp(cores, memoryMb, diskGb);
    if (!wasUp) {
      LOG.info("node {} is up: {} cores, {} MB, {} GB", node.serviceTag(), cores, memoryMb, diskGb);
    }
    if (!wasUp || resized) {
      onChange.run();
    }
  }

  private void failed(Throwable e) {
    if (!running) {
      return;
    }
    firstAnswer.countDown();
    LOG.debug("node {} call failed", node.serviceTag(), e);
    if (node.markedUp()) {
      LOG.warn("node {} not answering: {}", node.serviceTag(), rootCause(e));
      node.markDown();
      onChange.run();
    }
    since = null;
    nextRefresh = System.nanoTime();
    long pause = backoffMs;
    backoffMs = Math.min(pause * 2, LAST_BACKOFF_MS);
    try {
      calls.schedule(this::step, Duration.ofMillis(pause));
    } catch (RejectedExecutionException closed) {
      // the cluster controller is closing
    }
  }

  /**
   * An answer (or failure) arrived at {@code atNanos}: handled on the shared threads, where it may wait
   * its turn, but the node's time counts from its arrival.
   */
  private void arrived(long atNanos, Runnable task) {
    answerArrived = atNanos;
    next(task);
  }

  /** The node's answer that arrived last: the node must answer again within the node timeout of it. */
  private void answered() {
    node.answered(answerArrived + nodeTimeout.toNanos());
  }

  /** Runs a step on the shared threads, never on the caller's (an answer must not start the next call inside it). */
  private void next(Runnable task) {
    if (!running) {
      return;
    }
    try {
      calls.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          // a step that fails (a report the cache refuses) still keeps the node followed
          failed(e);
        }
      });
    } catch (RejectedExecutionException closed) {
      // the cluster controller is closing
    }
  }

  /** CXF wraps the transport error a few times; the innermost one says what happened. */
  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }

  @Override
  public void close() {
    running = false;
  }
}
