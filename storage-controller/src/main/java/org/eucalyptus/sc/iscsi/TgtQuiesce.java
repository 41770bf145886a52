package org.eucalyptus.sc.iscsi;

import java.io.IOException;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.sc.volumes.PointInTime;

/**
 * Holds a target's writes while a point-in-time copy is taken.
 *
 * <p>PLACEHOLDER, replaced at merge by the iscsi helper's class of the same name and signature (which
 * works out how tgt holds writes). This one only marks the target offline for the hold.
 */
public final class TgtQuiesce {
  private final TgtAdmin admin;

  public TgtQuiesce(CommandRunner runner, int controlPort) {
    this.admin = new TgtAdmin(runner, controlPort);
  }

  public PointInTime.Hold hold(int tid) throws IOException {
    try {
      admin.targetState(tid, "offline");
    } catch (CommandRunner.CommandException e) {
      throw new IOException(e.getMessage(), e);
    }
    return () -> {
      try {
        admin.targetState(tid, "ready");
      } catch (CommandRunner.CommandException e) {
        throw new IOException(e.getMessage(), e);
      }
    };
  }
}
