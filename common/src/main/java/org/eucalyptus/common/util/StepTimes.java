package org.eucalyptus.common.util;

/**
 * How long each step of a piece of work took, for one log or report line
 * ({@code images 5 ms, disks 80 ms, domain 850 ms}): where a slow launch or a slow test spent its time.
 * Not thread-safe: one per piece of work, on its thread.
 */
public final class StepTimes {
  private final StringBuilder text = new StringBuilder();
  private long last = System.nanoTime();

  /** Records that {@code step} ended now; it began when the one before ended (or at construction). */
  public void done(String step) {
    long now = System.nanoTime();
    text.append(text.length() == 0 ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000).append(" ms");
    last = now;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
