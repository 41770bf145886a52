package org.eucalyptus.cc.nodes;

import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;

/**
 * One node controller as the cluster sees it: its URL (the service tag), a SOAP client, whether it
 * answers, and its size as it last reported it.
 */
public final class Node {
  private final int index;
  private final String serviceTag;
  private final EucalyptusNCPortType client;
  private volatile boolean up;
  private volatile int coresMax;
  private volatile int memoryMax;
  private volatile int diskMax;

  public Node(int index, String serviceTag, EucalyptusNCPortType client) {
    this.index = index;
    this.serviceTag = serviceTag;
    this.client = client;
  }

  public int index() {
    return index;
  }

  public String serviceTag() {
    return serviceTag;
  }

  public EucalyptusNCPortType client() {
    return client;
  }

  public boolean up() {
    return up;
  }

  void markUp(int cores, int memory, int disk) {
    this.coresMax = cores;
    this.memoryMax = memory;
    this.diskMax = disk;
    this.up = true;
  }

  void markUp() {
    this.up = true;
  }

  void markDown() {
    this.up = false;
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
