package org.eucalyptus.common.util;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A change counter that callers can wait on: the basis of the long-poll describes between NC, CC
 * and CLC, so that a state change travels up the chain in milliseconds instead of a polling period.
 */
public final class Versioned {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long version;
  /** The last version a waiter must be woken for: {@link #bumpQuietly} moves {@link #version} alone. */
  private long announced;

  public Versioned() {
    this(1);
  }

  /** Counting from {@code start}: a process can start above any version an earlier run of it gave out. */
  public Versioned(long start) {
    this.version = start;
    this.announced = start;
  }

  /** Records a change and wakes every waiter. */
  public long bump() {
    lock.lock();
    try {
      version++;
      announced = version;
      changed.signalAll();
      return version;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records a change that wakes no waiter: one whose only reader learned it already (the answer to
   * the call that made it), or that changes nothing a reader sees. A waiter still gets it with the
   * next change or when its wait ends, and a caller that asks since an older version gets it at once.
   * At a thousand nodes each needless wake is a signed answer and a signed poll more.
   */
  public long bumpQuietly() {
    lock.lock();
    try {
      return ++version;
    } finally {
      lock.unlock();
    }
  }

  public long current() {
    lock.lock();
    try {
      return version;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a change after {@code since} that wakes waiters ({@link #bump}), or {@code waitMillis} pass.
   *
   * @return the current version
   */
  public long awaitChange(long since, long waitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
    lock.lock();
    try {
      while (announced <= since) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        changed.awaitNanos(left);
      }
      return version;
    } finally {
      lock.unlock();
    }
  }
}
