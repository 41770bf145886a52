package org.eucalyptus.walrus;

/** Teardown for tests whose setup may have stopped part way (a skipped PostgreSQL leaves fields null). */
public final class Closing {
  private Closing() {}

  /** Closes each resource that was made, in order, even if one fails; rethrows the first failure. */
  public static void closeAll(AutoCloseable... resources) {
    RuntimeException first = null;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
