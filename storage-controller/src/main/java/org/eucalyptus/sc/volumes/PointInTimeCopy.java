package org.eucalyptus.sc.volumes;

import java.io.IOException;
import java.nio.file.Path;

/** A stable image of a volume, readable at {@link #path()} until closed; closing removes it. */
public interface PointInTimeCopy extends AutoCloseable {
  Path path();

  /** Its size in bytes (the volume's). */
  long size();

  @Override
  void close() throws IOException;
}
