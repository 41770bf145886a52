package org.eucalyptus.common.util;

import java.nio.file.Path;

/** The address of an H2 database file a component keeps in its own process (the CLC's, Walrus's, the SC's). */
public final class EmbeddedH2 {
  private EmbeddedH2() {}

  /**
   * The JDBC URL of the database whose files start with {@code base}. Every process that opens the file
   * must use this same address: the second opener reaches the first through AUTO_SERVER by its name.
   * <ul>
   *   <li>{@code retry:}, H2's file system that reopens the file when an interrupt closed it. Java closes a
   *       FileChannel whenever the thread using it is interrupted, and on plain {@code file:} H2 then fails
   *       that commit and every later one until the process restarts. Threads are interrupted routinely (a
   *       server stopping its workers, a timer cancelled, a call given up), so one interrupt landing in a
   *       commit would take the component's database down with it. The retry clears the thread's
   *       interrupt, so a loop the component stops must watch its own flag, as every one here does.
   *   <li>AUTO_SERVER: the admin tools may open the file while the component runs.
   *   <li>WRITE_DELAY=0: a commit reaches the file before it returns (H2 otherwise writes up to 500 ms
   *       later), so what was acknowledged survives kill -9.
   * </ul>
   */
  public static String url(Path base) {
    return "jdbc:h2:retry:" + base.toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
  }
}
