package org.eucalyptus.cc.nodes;

import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;

/**
 * One node controller as the cluster sees it: its URL (the service tag), a SOAP client, whether it
 * answers, and its size as it last reported it.
 */
public final class Node {
  private final int index;
  private final String serviceTag;
  /** Made at the first call to the node: a client costs a service model of its own (some hundreds of KiB). */
  private final java.util.function.Supplier<EucalyptusNCPortType> clientMaker;
  private volatile EucalyptusNCPortType client;
  private volatile boolean up;
  /**
   * The System.nanoTime by which an up node must answer again (its last answer's arrival plus
   * CC_NODE_TIMEOUT_SEC); 0 for none. Past it the node is down, whether or not its monitor, which
   * may wait its turn on the CC's busy shared threads, has handled the failed call yet.
   */
  private volatile long dueBy;
  /** How many times the node was found down: its keys can change only across one (a restarted node controller). */
  private final java.util.concurrent.atomic.AtomicLong downs = new java.util.concurrent.atomic.AtomicLong();
  /** When the node was last found up or down; null before either. */
  private volatile java.time.Instant stateSince;
  private volatile int coresMax;
  private volatile int memoryMax;
  private volatile int diskMax;

  public Node(int index, String serviceTag, EucalyptusNCPortType client) {
    this(serviceTag, index, () -> client);
  }

  private Node(String serviceTag, int index, java.util.function.Supplier<EucalyptusNCPortType> clientMaker) {
    this.index = index;
    this.serviceTag = serviceTag;
    this.clientMaker = clientMaker;
  }

  /** A node whose client is made at its first call. */
  static Node withClientOnFirstCall(int index, String serviceTag,
      java.util.function.Supplier<EucalyptusNCPortType> clientMaker) {
    return new Node(serviceTag, index, clientMaker);
  }

  public int index() {
    return index;
  }

  public String serviceTag() {
    return serviceTag;
  }

  public EucalyptusNCPortType client() {
    EucalyptusNCPortType c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = clientMaker.get();
          client = c;
        }
      }
    }
    return c;
  }

  /** Up: it answered, and its time to answer again has not run out. */
  public boolean up() {
    return up && !overdue(System.nanoTime());
  }

  /** Up as its monitor last found it, whatever the time (the monitor's own bookkeeping). */
  boolean markedUp() {
    return up;
  }

  /** When the node must answer again to stay up (a System.nanoTime); 0 before its first answer. */
  long dueBy() {
    return dueBy;
  }

  /** The node answered; it must answer again by {@code dueByNanos} (a System.nanoTime) to stay up. */
  void answered(long dueByNanos) {
    this.dueBy = dueByNanos == 0 ? 1 : dueByNanos;
  }

  private boolean overdue(long nowNanos) {
    long due = dueBy;
    return due != 0 && nowNanos - due >= 0;
  }

  /** The instant {@code dueBy} (a System.nanoTime in the past) stands for. */
  private java.time.Instant dueInstant(long nowNanos) {
    return java.time.Instant.now().minusNanos(nowNanos - dueBy);
  }

  void markUp(int cores, int memory, int disk) {
    this.coresMax = cores;
    this.memoryMax = memory;
    this.diskMax = disk;
    markUp();
  }

  void markUp() {
    if (!up || stateSince == null) {
      stateSince = java.time.Instant.now();
    }
    this.up = true;
  }

  void markDown() {
    downs.incrementAndGet();
    long now = System.nanoTime();
    // An up node whose time ran out was down from that moment, not from when its monitor got to it.
    java.time.Instant since = up && overdue(now) ? dueInstant(now) : java.time.Instant.now();
    this.up = false;
    stateSince = since;
  }

  /** When the node was last found up or down, or its time to answer ran out (empty before either). */
  public java.util.Optional<java.time.Instant> stateSince() {
    long now = System.nanoTime();
    if (up && overdue(now)) {
      return java.util.Optional.of(dueInstant(now));
    }
    return java.util.Optional.ofNullable(stateSince);
  }

  /** How many times the node was found down so far. */
  public long downs() {
    return downs.get();
  }

  public int coresMax() {
    return coresMax;
  }

  public int memoryMax() {
    return memoryMax;
  }

  public int diskMax() {
    return diskMax;
  }

  /** Whether the node has told us its size yet. */
  public boolean sized() {
    return coresMax > 0;
  }
}
