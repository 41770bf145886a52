package org.eucalyptus.walrus.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.eucalyptus.common.http.PieceSource;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object data written to disk both ways, direct (O_DIRECT, staged in aligned buffers, the last
 * block padded and cut back) and through the page cache, read back byte for byte at the sizes
 * where blocks, staging buffers and the pipelined writer begin and end.
 */
@UnitTest
class DataFileWritesTest {
  private static final int MIB = 1024 * 1024;
  /** Around a block, a staging buffer, and the size past which a second thread writes. */
  private static final List<Integer> SIZES = List.of(0, 1, 4095, 4096, 4097, MIB - 1, MIB, MIB + 1,
      3 * MIB + 512, 8 * MIB + 1, 9 * MIB + 4097);

  @TempDir
  Path dir;
  private DataFiles files;

  @AfterEach
  void close() {
    if (files != null) {
      files.close();
    }
  }

  private DataFiles open(Path storage, boolean directIo) throws Exception {
    files = new DataFiles(storage, directIo);
    return files;
  }

  @Test
  void directWritesWhereTheFileSystemTakesThem() throws Exception {
    Assumptions.assumeTrue(takesDirectIo(dir), dir + " does not take O_DIRECT: the direct path is not reachable here");
    DataFiles s = open(dir.resolve("walrus"), true);
    assertTrue(s.directIo());
    roundTrips(s);
  }

  @Test
  void writesThroughThePageCacheWhenTurnedOff() throws Exception {
    DataFiles s = open(dir.resolve("walrus"), false);
    assertFalse(s.directIo());
    roundTrips(s);
  }

  @Test
  void fallsBackWhereTheProbeCannotWriteDirectly() {
    // What a file system without O_DIRECT (tmpfs before Linux 6.6, some network file systems) gives
    // the probe is an error on open; a directory the probe cannot write in gives the same path.
    assertFalse(DiskWrites.probe(dir.resolve("missing"), true).direct());
    assertFalse(DiskWrites.probe(dir, false).direct());
  }

  @Test
  void aBodyShorterThanDeclaredLeavesNothingBehind() throws Exception {
    Assumptions.assumeTrue(takesDirectIo(dir), dir + " does not take O_DIRECT");
    DataFiles s = open(dir.resolve("walrus"), true);
    for (int size : List.of(4097, 9 * MIB + 1)) {
      byte[] body = body(size);
      DataFiles.BadDigestException e = assertThrows(DataFiles.BadDigestException.class,
          () -> s.store(pieces(body, 65_537), size + 1, null, null));
      assertEquals("IncompleteBody", e.code());
    }
    try (Stream<Path> left = Files.list(dir.resolve("walrus/tmp"))) {
      assertEquals(List.of(), left.toList());
    }
    try (Stream<Path> data = Files.walk(dir.resolve("walrus/data"))) {
      assertEquals(0, data.filter(Files::isRegularFile).count());
    }
  }

  private void roundTrips(DataFiles s) throws Exception {
    for (int size : SIZES) {
      byte[] body = body(size);
      // Pieces of odd sizes, as a socket delivers them, and a plain stream.
      check(s, body, s.store(pieces(body, 65_537), size, null, null));
      check(s, body, s.store(pieces(body, 1_000_003), size, null, null));
      check(s, body, s.store(new ByteArrayInputStream(body), size, null, null));
    }
  }

  private static void check(DataFiles s, byte[] body, DataFiles.Stored stored) throws Exception {
    assertEquals(body.length, stored.size());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)), stored.etag());
    Path file = s.path(stored.dataId());
    assertEquals(body.length, Files.size(file), "the padding of the last block is cut off");
    assertArrayEquals(body, Files.readAllBytes(file), "size " + body.length);
  }

  private static byte[] body(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** The body in direct buffers of {@code pieceSize} bytes (the last shorter), as a request body hands them out. */
  private static java.io.InputStream pieces(byte[] body, int pieceSize) {
    return new PiecedBody(body, pieceSize);
  }

  private static final class PiecedBody extends java.io.InputStream implements PieceSource {
    private final byte[] body;
    private final int pieceSize;
    private int at;

    PiecedBody(byte[] body, int pieceSize) {
      this.body = body;
      this.pieceSize = pieceSize;
    }

    @Override
    public boolean nextPiece(PieceSink sink) throws IOException {
      if (at >= body.length) {
        return false;
      }
      int n = Math.min(pieceSize, body.length - at);
      ByteBuffer piece = ByteBuffer.allocateDirect(n).put(body, at, n).flip();
      at += n;
      sink.accept(piece);
      return true;
    }

    @Override
    public int read() {
      return at < body.length ? body[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (at >= body.length) {
        return -1;
      }
      int n = Math.min(len, body.length - at);
      System.arraycopy(body, at, into, off, n);
      at += n;
      return n;
    }
  }

  /** Whether {@code dir}'s file system opens files with O_DIRECT, asked of the kernel directly. */
  private static boolean takesDirectIo(Path dir) {
    Path probe = dir.resolve("probe-" + System.nanoTime());
    try {
      FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          com.sun.nio.file.ExtendedOpenOption.DIRECT).close();
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      probe.toFile().delete();
    }
  }
}
