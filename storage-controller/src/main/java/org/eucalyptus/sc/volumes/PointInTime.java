package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes a crash-consistent image of a volume that may be in use: the bytes as they were at one
 * instant, as a power cut would have left them, never a file being written while it is read.
 */
public interface PointInTime {
  /**
   * A stable image of volume {@code volumeId} (whose bytes are at {@code source}), taken while
   * {@code quiesce} holds the volume's writes (for as short a time as the backend can manage; an
   * LVM snapshot or a reflink needs only an instant).
   */
  PointInTimeCopy take(String volumeId, Path source, Quiesce quiesce) throws IOException;

  /** Writes held while the hold is open: what the iSCSI target does for a volume being copied. */
  @FunctionalInterface
  interface Quiesce {
    Hold hold() throws IOException;
  }

  /** An open hold on a volume's writes. */
  interface Hold extends AutoCloseable {
    @Override
    void close() throws IOException;
  }
}
