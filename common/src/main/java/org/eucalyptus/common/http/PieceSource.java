package org.eucalyptus.common.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A request body that can hand out its bytes in the buffers they arrived in, so a consumer that
 * writes them to a file (Walrus) copies nothing on the way: {@link java.nio.channels.FileChannel}
 * writes a direct buffer as it is.
 */
public interface PieceSource {
  /** Receives one piece; the buffer is valid only during the call, and is consumed by it. */
  @FunctionalInterface
  interface PieceSink {
    void accept(ByteBuffer piece) throws IOException;
  }

  /** Hands the next piece of the body to {@code sink}; false when the body has ended. */
  boolean nextPiece(PieceSink sink) throws IOException;
}
