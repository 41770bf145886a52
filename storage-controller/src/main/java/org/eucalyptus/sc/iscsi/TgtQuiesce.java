package org.eucalyptus.sc.iscsi;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.exec.CommandRunner.CommandException;
import org.eucalyptus.sc.volumes.PointInTime;

/**
 * Holds a tgt target's writes while a point-in-time copy of its volume is taken, so that an
 * initiator using it (QEMU's iSCSI initiator on a node) sees a stall and never an I/O error.
 *
 * <p>tgt has no state that queues commands. Measured with tgt 1.0.85 and QEMU 7.2 (libiscsi 1.19):
 * a target set {@code offline} silently drops every command that arrives (tgt answers nothing, and
 * the initiator waits for that write forever, even after the target is {@code ready} again); a
 * logical unit with {@code online=0} still performs writes on an open session (it only refuses new
 * sessions with NOT READY). So a hold is made of what does work: the target is set {@code offline}
 * (tgt refuses logins to it), its connections are closed, and the hold waits until tgt lists no
 * session on it, which tgt does only once the session's last command is done: from then on nothing
 * writes the volume. QEMU's initiator reconnects on its own, keeps every unanswered command (a
 * dropped one included) and sends it again on the new connection; while the target is offline its
 * logins are refused and it retries. Closing the hold sets the target {@code ready}; the next retry
 * logs in (within about a second) and the held writes complete. The initiator sees a stall of the
 * hold's length plus that second.
 *
 * <p>Holds nest: two copies of one volume at once share one hold, released when the last closes.
 * Use one instance per tgtd. A hold left by a process killed during it leaves its target offline:
 * {@link #release} at start sets it ready again.
 */
public final class TgtQuiesce {
  private static final Logger LOG = LogManager.getLogger(TgtQuiesce.class);
  private static final Duration DEFAULT_DRAIN_LIMIT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 5;

  private final CommandRunner commands;
  private final String controlPort;
  private final Duration drainLimit;
  /** Open holds per target id; guarded by itself. */
  private final Map<Integer, Integer> holds = new HashMap<>();

  public TgtQuiesce(CommandRunner commands, int controlPort) {
    this(commands, controlPort, DEFAULT_DRAIN_LIMIT);
  }

  /** {@code drainLimit}: how long the commands in flight may take to end before the hold gives up. */
  public TgtQuiesce(CommandRunner commands, int controlPort, Duration drainLimit) {
    this.commands = commands;
    this.controlPort = Integer.toString(controlPort);
    this.drainLimit = drainLimit;
  }

  /**
   * Holds the writes to target {@code tid}: when this returns, no command of any initiator is in
   * flight on it and none will be until the hold is closed. Fails (with the target ready again)
   * when there is no such target or its commands do not end within the drain limit.
   */
  public PointInTime.Hold hold(int tid) throws IOException {
    synchronized (holds) {
      int open = holds.getOrDefault(tid, 0);
      if (open == 0) {
        long t0 = System.nanoTime();
        try {
          setState(tid, "offline");
          drain(tid);
        } catch (IOException | RuntimeException e) {
          try {
            setState(tid, "ready");
          } catch (IOException again) {
            e.addSuppressed(again);
          }
          throw e;
        }
        LOG.debug("target {}: writes held after {} ms", tid, (System.nanoTime() - t0) / 1_000_000);
      }
      holds.put(tid, open + 1);
    }
    return new TargetHold(tid);
  }

  /** Sets target {@code tid} ready whatever holds this process thinks it has (recovery at start). */
  public void release(int tid) throws IOException {
    synchronized (holds) {
      holds.remove(tid);
      setState(tid, "ready");
    }
  }

  private final class TargetHold implements PointInTime.Hold {
    private final int tid;
    private boolean closed;

    TargetHold(int tid) {
      this.tid = tid;
    }

    @Override
    public void close() throws IOException {
      synchronized (holds) {
        if (closed) {
          return;
        }
        closed = true;
        int open = holds.getOrDefault(tid, 0);
        if (open <= 1) {
          holds.remove(tid);
          setState(tid, "ready");
        } else {
          holds.put(tid, open - 1);
        }
      }
    }
  }

  /** Closes the target's connections until tgt lists no session on it (its last command done). */
  private void drain(int tid) throws IOException {
    long deadline = System.nanoTime() + drainLimit.toNanos();
    while (true) {
      List<TgtSessions.Session> sessions = TgtSessions.of(tgtadm("--op", "show", "--mode", "target").stdout(), tid)
          .orElseThrow(() -> new IOException("tgt has no target " + tid));
      if (sessions.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("target " + tid + " still has " + sessions.size() + " session(s) after "
            + drainLimit.toSeconds() + " s");
      }
      for (TgtSessions.Session s : sessions) {
        for (long cid : s.connections()) {
          // A connection already closing is refused; the next listing shows whether it is gone.
          tgtadmAllowingFailure("--op", "delete", "--mode", "conn", "--tid", Integer.toString(tid),
              "--sid", Long.toString(s.sid()), "--cid", Long.toString(cid));
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while holding the writes of target " + tid, e);
      }
    }
  }

  private void setState(int tid, String state) throws IOException {
    tgtadm("--op", "update", "--mode", "target", "--tid", Integer.toString(tid), "--name", "state", "--value", state);
  }

  private CommandRunner.Result tgtadm(String... args) throws IOException {
    try {
      return commands.run(argv(args), null);
    } catch (CommandException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void tgtadmAllowingFailure(String... args) throws IOException {
    try {
      commands.runAllowingFailure(argv(args), null);
    } catch (CommandException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(List.of("tgtadm", "-C", controlPort, "--lld", "iscsi"));
    argv.addAll(List.of(args));
    return argv;
  }
}
