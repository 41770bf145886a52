package org.eucalyptus.sc.iscsi;

import java.util.List;

/** A target as tgtd shows it: its id, name, the CHAP accounts bound to it and its initiator addresses. */
public record TgtTarget(int tid, String iqn, List<String> accounts, List<String> initiators) {
  public TgtTarget {
    accounts = List.copyOf(accounts);
    initiators = List.copyOf(initiators);
  }
}
