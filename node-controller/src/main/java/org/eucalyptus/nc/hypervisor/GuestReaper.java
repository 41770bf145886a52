package org.eucalyptus.nc.hypervisor;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reaps the QEMU processes libvirt's embedded driver starts in this process (and any other daemon
 * orphaned below it), the moment they end.
 *
 * <p>libvirt daemonizes each QEMU it starts (a guest, or the capability probe it runs on a node's
 * first start), so its parent is whoever reaps orphans; and when libvirt stops one (destroy, the
 * probe's end) it waits until the process is gone, zombie included. Left to the host's init, that
 * wait is as long as init is slow to reap: on our test machines 1–2 s a QEMU (a node's first
 * capability probe 4.3 s instead of 0.6 s, every TerminateInstance 1.8 s), and in a container whose
 * first process never reaps, libvirt's whole kill timeout each time. So this process makes itself
 * the subreaper of its descendants ({@code PR_SET_CHILD_SUBREAPER}): orphaned QEMUs become its
 * children, and a thread reaps those that ended.
 *
 * <p>It reaps daemons, children in a session other than this process's (libvirt starts each QEMU
 * with {@code setsid}), at once: the JVM waits for the processes it starts itself ({@code qemu-img},
 * {@code mke2fs}, …) by their pids, in this process's session, and reaping one of those would take its
 * exit status from the JVM. An ended child of this session is reaped only once it has stayed so for
 * seconds (an orphan of a background job nobody waits for), so none stays a zombie for good.
 *
 * <p>Like libvirt's event loop, this is process-wide: started once, never stopped.
 */
final class GuestReaper {
  private static final Logger LOG = LogManager.getLogger(GuestReaper.class);
  /** How often ended children are looked for: libvirt itself looks for the process's end every 200 ms. */
  static final long PERIOD_MS = 50;
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int P_ALL = 0;
  private static final int WNOHANG = 1;
  private static final int WEXITED = 4;
  private static final int WNOWAIT = 0x01000000;
  /** siginfo_t's size, and where si_pid sits in it (x86-64 and aarch64 Linux). */
  private static final int SIGINFO_SIZE = 128;
  private static final int SI_PID_OFFSET = 16;
  /**
   * How long an ended child of this process's own session is left to the JVM (which reaps the
   * processes it started the moment they end) before it is taken for an orphan nobody waits for.
   */
  static final long LINGER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
  private static boolean started;

  private GuestReaper() {}

  /** The C library calls this needs. */
  interface LibC extends Library {
    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    int waitid(int idtype, int id, Pointer infop, int options) throws LastErrorException;

    int waitpid(int pid, Pointer status, int options) throws LastErrorException;
  }

  /** Makes this process the subreaper of its descendants and starts reaping; false where it cannot (not Linux). */
  static synchronized boolean ensureRunning() {
    if (started) {
      return true;
    }
    LibC libc;
    try {
      libc = Native.load("c", LibC.class);
      libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    } catch (LastErrorException | UnsatisfiedLinkError e) {
      LOG.warn("cannot reap this process's QEMUs itself (their ends wait for init to reap them): {}", e.toString());
      return false;
    }
    Thread t = new Thread(() -> reapForever(libc), "guest-reaper");
    t.setDaemon(true);
    t.start();
    started = true;
    return true;
  }

  private static void reapForever(LibC libc) {
    Memory info = new Memory(SIGINFO_SIZE);
    java.util.Map<Integer, Long> lingering = new java.util.HashMap<>();
    while (true) {
      try {
        reapEnded(libc, info, lingering, System.nanoTime());
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.debug("reaping: {}", e.toString());
      }
    }
  }

  /**
   * Reaps every ended child that is a daemon, and any other that stayed unreaped for {@link
   * #LINGER_NANOS} (an orphan of this session nobody waits for). One system call finds that no child
   * ended (the common case); otherwise the children are listed from /proc.
   *
   * @param lingering when each ended child of this session was first seen (System.nanoTime), kept
   *     between calls
   */
  static int reapEnded(LibC libc, Memory info, java.util.Map<Integer, Long> lingering, long nowNanos) {
    info.clear();
    try {
      // Looks at an ended child without reaping it (WNOWAIT): whose it is decides.
      libc.waitid(P_ALL, 0, info, WEXITED | WNOHANG | WNOWAIT);
    } catch (LastErrorException noChildren) {
      return 0; // ECHILD: no children at all
    }
    int first = info.getInt(SI_PID_OFFSET);
    if (first == 0) {
      lingering.clear();
      return 0;
    }
    int reaped = 0;
    java.util.Map<Integer, Boolean> ended = endedChildren();
    lingering.keySet().retainAll(ended.keySet());
    for (java.util.Map.Entry<Integer, Boolean> e : ended.entrySet()) {
      int pid = e.getKey();
      boolean daemon = e.getValue();
      if (!daemon && nowNanos - lingering.computeIfAbsent(pid, p -> nowNanos) < LINGER_NANOS) {
        continue; // the JVM's own, most likely: it reaps them itself at once
      }
      lingering.remove(pid);
      try {
        libc.waitpid(pid, null, WNOHANG);
        reaped++;
      } catch (LastErrorException gone) {
        // reaped meanwhile by another waiter
      }
    }
    return reaped;
  }

  /**
   * This process's children that ended and are not reaped yet (zombies), each with whether it is a
   * daemon: in a session other than this process's (libvirt starts each QEMU with setsid), so never
   * one the JVM started and waits for.
   */
  static java.util.Map<Integer, Boolean> endedChildren() {
    java.util.Map<Integer, Boolean> ended = new java.util.HashMap<>();
    long[] self = stat("self");
    if (self.length == 0) {
      return ended;
    }
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String children;
        try {
          children = Files.readString(task.resolve("children"), StandardCharsets.US_ASCII).trim();
        } catch (IOException threadEnded) {
          continue;
        }
        for (String c : children.isEmpty() ? new String[0] : children.split(" ")) {
          long[] child = stat(c);
          if (child.length > 0 && child[0] == 'Z') {
            ended.put(Integer.parseInt(c), child[1] != self[1]);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list this process's children: {}", e.toString());
    }
    return ended;
  }

  /**
   * A process's state (a character) and session from /proc/PID/stat (the fields after its
   * parenthesised name: state, ppid, pgrp, session); empty if it is gone.
   */
  private static long[] stat(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {f[0].charAt(0), Long.parseLong(f[3])};
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }
}
