package org.eucalyptus.cc.nodes;

/** Nodes for tests that need no node controller behind them: sized as if one had answered. */
public final class TestNodes {
  private TestNodes() {}

  public static Node up(int index, int cores, int memoryMb, int diskGb) {
    Node n = new Node(index, "http://node" + index + ":8775/axis2/services/EucalyptusNC", null);
    n.markUp(cores, memoryMb, diskGb);
    return n;
  }

  public static void down(Node n) {
    n.markDown();
  }
}
