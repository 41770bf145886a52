package org.eucalyptus.sc.snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.pki.ComponentKeys;

/**
 * The storage controller's snapshots in Walrus: 3.1's StoreSnapshot, GetWalrusSnapshot,
 * GetWalrusSnapshotSize and DeleteWalrusSnapshot, as {@code PUT/GET/HEAD/DELETE
 * <walrus>/snapshots/<snapshot id>} with {@code EucaOperation: <name>}, signed with this SC's
 * certificate (common's {@link EucaCertAuth}, as nodes sign GetDecryptedImage). An upload says its
 * length and SHA-256 (read from the file first: the file is a stable point-in-time copy) and goes
 * out by sendfile; a download lands in large buffers written straight to the target. Every wait is
 * bounded by the timeout: a stalled transfer fails with an IOException.
 */
public final class WalrusSnapshots {
  /** Reads and writes in blocks this large; an all-zero block is not written into a regular file. */
  private static final int BLOCK = 64 * 1024;
  private static final int BUFFER = 4 * 1024 * 1024;
  private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
  private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

  private final URI service;
  private final ComponentKeys keys;
  private final Duration timeout;

  /**
   * @param walrusServiceUrl Walrus's S3 service, {@code http://host:port/services/Walrus}
   * @param keys this SC's keys; its certificate (role {@code storage}) must be installed before a call
   * @param timeout how long any one wait may last (to connect, for the next bytes to go or come)
   */
  public WalrusSnapshots(URI walrusServiceUrl, ComponentKeys keys, Duration timeout) {
    if (!"http".equals(walrusServiceUrl.getScheme()) || walrusServiceUrl.getHost() == null) {
      throw new IllegalArgumentException("Walrus's URL must be http://host:port/services/Walrus, not "
          + walrusServiceUrl);
    }
    this.service = walrusServiceUrl;
    this.keys = keys;
    this.timeout = timeout;
  }

  /** StoreSnapshot: uploads {@code file} whole as the snapshot {@code snapshotId}, replacing any earlier one. */
  public void upload(String snapshotId, Path file, LongConsumer bytesSent) throws IOException {
    String what = "StoreSnapshot " + snapshotId;
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = in.size();
      String sha256 = sha256(file, length);
      Map<String, String> h = signed("PUT", snapshotId, "StoreSnapshot");
      h.put("Content-Type", "application/octet-stream");
      h.put("Content-Length", Long.toString(length));
      h.put("x-amz-content-sha256", sha256);
      try (WalrusExchange x = open(what)) {
        x.sendHead("PUT", path(snapshotId), h);
        x.sendBody(in, length, bytesSent);
        WalrusExchange.Head head = x.readHead();
        if (head.status() != 200) {
          throw refused(what, head, x);
        }
        String echoed = head.headers().get("x-amz-content-sha256");
        if (!sha256.equals(echoed)) {
          throw new IOException(what + ": Walrus's answer does not confirm the SHA-256 sent (" + echoed + ")");
        }
      }
    }
  }

  /**
   * GetWalrusSnapshot: writes the snapshot into {@code target} from offset 0 and returns its size.
   * A regular file (made if absent) is first emptied, then gets the snapshot's non-zero blocks only
   * (so it stays sparse) and its size back (at least the snapshot's); a block device is written whole.
   * The bytes are written, not synced: the caller forces the target to disk when the volume must
   * survive a power cut (once, rather than here on every download).
   */
  public long download(String snapshotId, Path target, LongConsumer bytesReceived) throws IOException {
    String what = "GetWalrusSnapshot " + snapshotId;
    try (WalrusExchange x = open(what)) {
      x.sendHead("GET", path(snapshotId), signed("GET", snapshotId, "GetWalrusSnapshot"));
      WalrusExchange.Head head = x.readHead();
      if (head.status() != 200) {
        throw refused(what, head, x);
      }
      long length = head.contentLength();
      if (length < 0) {
        throw new IOException(what + ": Walrus's answer has no Content-Length");
      }
      boolean sparse = !Files.exists(target) || Files.isRegularFile(target);
      try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
        FileChannel out = raf.getChannel();
        long keepSize = sparse ? raf.length() : 0;
        if (sparse) {
          out.truncate(0);
        }
        long got = receive(x, out, length, sparse, bytesReceived, what);
        if (sparse && raf.length() < Math.max(keepSize, length)) {
          raf.setLength(Math.max(keepSize, length)); // a hole, not written zeros
        }
        return got;
      }
    }
  }

  /** DeleteWalrusSnapshot: removes the snapshot; one that is not there is fine. */
  public void delete(String snapshotId) throws IOException {
    String what = "DeleteWalrusSnapshot " + snapshotId;
    try (WalrusExchange x = open(what)) {
      x.sendHead("DELETE", path(snapshotId), signed("DELETE", snapshotId, "DeleteWalrusSnapshot"));
      WalrusExchange.Head head = x.readHead();
      if (head.status() != 204 && head.status() != 200 && head.status() != 404) {
        throw refused(what, head, x);
      }
    }
  }

  /** GetWalrusSnapshotSize: the snapshot's size, or empty when Walrus has no such snapshot. */
  public OptionalLong size(String snapshotId) throws IOException {
    String what = "GetWalrusSnapshotSize " + snapshotId;
    try (WalrusExchange x = open(what)) {
      x.sendHead("HEAD", path(snapshotId), signed("HEAD", snapshotId, "GetWalrusSnapshotSize"));
      WalrusExchange.Head head = x.readHead();
      if (head.status() == 404) {
        return OptionalLong.empty();
      }
      if (head.status() != 200 || head.contentLength() < 0) {
        // A HEAD's answer has no body: the status says it all.
        throw new IOException(what + ": Walrus answered HTTP " + head.status());
      }
      return OptionalLong.of(head.contentLength());
    }
  }

  /** The body's bytes into {@code out} at their offsets; all-zero blocks skipped when {@code sparse}. */
  private long receive(WalrusExchange x, FileChannel out, long length, boolean sparse, LongConsumer received,
      String what) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
    ByteBuffer zeros = ByteBuffer.allocateDirect(BLOCK);
    long written = 0; // bytes of the body handed to the file (or skipped as zeros)
    long got = 0;
    while (got < length) {
      buf.limit((int) Math.min(buf.capacity(), buf.position() + (length - got)));
      int n = x.read(buf);
      if (n < 0) {
        throw new IOException(what + ": the download stopped after " + got + " of " + length + " bytes");
      }
      got += n;
      received.accept(n);
      if (buf.position() == buf.capacity() || got == length) {
        buf.flip();
        written += writeBlocks(buf, out, written, sparse, zeros);
        buf.clear();
      }
    }
    return got;
  }

  private static long writeBlocks(ByteBuffer buf, FileChannel out, long offset, boolean sparse, ByteBuffer zeros)
      throws IOException {
    int total = buf.remaining();
    if (!sparse) {
      for (long pos = offset; buf.hasRemaining(); ) {
        pos += out.write(buf, pos);
      }
      return total;
    }
    for (int at = 0; at < total; at += BLOCK) {
      int len = Math.min(BLOCK, total - at);
      ByteBuffer block = buf.slice(at, len);
      if (block.mismatch(zeros.slice(0, len)) == -1) {
        continue; // all zeros: a hole in the emptied file reads as zeros
      }
      for (long pos = offset + at; block.hasRemaining(); ) {
        pos += out.write(block, pos);
      }
    }
    return total;
  }

  private WalrusExchange open(String what) throws IOException {
    int port = service.getPort() > 0 ? service.getPort() : 80;
    return new WalrusExchange(new InetSocketAddress(service.getHost(), port), timeout, what);
  }

  private String path(String snapshotId) {
    if (!snapshotId.matches("[A-Za-z0-9][A-Za-z0-9-]{0,127}")) {
      throw new IllegalArgumentException("not a snapshot id: " + snapshotId);
    }
    String base = service.getRawPath() == null ? "" : service.getRawPath();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/snapshots/" + snapshotId;
  }

  /** Host, the certificate authentication for this request, and the operation's name. */
  private Map<String, String> signed(String method, String snapshotId, String operation) throws IOException {
    ComponentKeys.Trust trust = keys.trust().orElseThrow(() -> new IOException(
        "this storage controller has no certificate yet (it is not registered with the cloud): cannot reach Walrus"));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Host", service.getHost() + (service.getPort() > 0 ? ":" + service.getPort() : ""));
    try {
      h.putAll(EucaCertAuth.sign(method, path(snapshotId), trust.certificate(), trust.privateKey(), Instant.now()));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign " + operation + " " + snapshotId + ": " + e.getMessage(), e);
    }
    h.put("EucaOperation", operation);
    return h;
  }

  private static IOException refused(String what, WalrusExchange.Head head, WalrusExchange x) throws IOException {
    String body = x.readSmallBody();
    Matcher code = CODE.matcher(body);
    Matcher message = MESSAGE.matcher(body);
    return new IOException(what + ": Walrus answered HTTP " + head.status()
        + (code.find() ? " " + code.group(1) : "") + (message.find() ? ": " + unescape(message.group(1)) : ""));
  }

  /** The text of an XML element as written: the five predefined entities back to their characters. */
  private static String unescape(String xml) {
    return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  /** The file's SHA-256 (hex), read once before it is sent: Walrus checks the body against it. */
  private static String sha256(Path file, long length) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1024 * 1024];
    long read = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; read < length && (n = in.read(buf, 0, (int) Math.min(buf.length, length - read))) > 0; ) {
        sha.update(buf, 0, n);
        read += n;
      }
    }
    if (read != length) {
      throw new IOException(file + " changed while it was read: " + read + " of " + length + " bytes");
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
