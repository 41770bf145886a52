package org.eucalyptus.sc.store;

import java.util.Optional;

/** A volume exported to one instance: its own CHAP login, and the node address the target is bound to. */
public record Export(String volumeId, String instanceId, String chapUser, String chapPassword,
    Optional<String> initiator) {
  @Override
  public String toString() {
    return "Export[" + volumeId + " to " + instanceId + " as " + chapUser + "]"; // never the password
  }
}
