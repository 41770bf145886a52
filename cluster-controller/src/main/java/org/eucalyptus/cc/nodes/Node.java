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

  public boolean up() {
    return up;
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
    this.up = false;
    stateSince = java.time.Instant.now();
  }

  /** When the node was last found up or down (empty before either). */
  public java.util.Optional<java.time.Instant> stateSince() {
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
