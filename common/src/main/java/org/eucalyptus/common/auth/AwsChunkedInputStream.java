package org.eucalyptus.common.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Decodes an {@code aws-chunked} request body as the AWS SDKs send it, checking as it goes: each
 * chunk's signature (chained from the request's own, for {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}),
 * the trailer's signature, and a checksum the trailer carries ({@code x-amz-checksum-crc32},
 * {@code -crc32c}, {@code -sha1}, {@code -sha256}). Any mismatch is a {@link BadChunkException}.
 */
public final class AwsChunkedInputStream extends InputStream {
  /** The body is not what its signatures or checksum say. */
  public static final class BadChunkException extends IOException {
    public BadChunkException(String message) {
      super(message);
    }
  }

  private static final String EMPTY_SHA256 = Crypto.sha256Hex(new byte[0]);
  private static final int MAX_CHUNK = 16 * 1024 * 1024;

  private final InputStream in;
  private final RequestAuthenticator.V4Signing signing;
  private final String checksumHeader;
  private final Checksum crc;
  private final MessageDigest digest;
  private String previousSignature;
  private byte[] chunk = new byte[0];
  private int pos;
  private boolean done;

  /**
   * @param signing how the request was signed, or null for unsigned chunks
   * @param trailerChecksum the name of the trailing checksum header (x-amz-trailer), or null
   */
  public AwsChunkedInputStream(InputStream in, RequestAuthenticator.V4Signing signing, String trailerChecksum)
      throws BadChunkException {
    this.in = in;
    this.signing = signing;
    this.previousSignature = signing == null ? null : signing.seedSignature();
    this.checksumHeader = trailerChecksum == null ? null : trailerChecksum.toLowerCase(Locale.ROOT).strip();
    Checksum c = null;
    MessageDigest d = null;
    if (checksumHeader != null) {
      switch (checksumHeader) {
        case "x-amz-checksum-crc32" -> c = new CRC32();
        case "x-amz-checksum-crc32c" -> c = new CRC32C();
        case "x-amz-checksum-sha1" -> d = digest("SHA-1");
        case "x-amz-checksum-sha256" -> d = digest("SHA-256");
        default -> throw new BadChunkException("unsupported trailing checksum " + trailerChecksum);
      }
    }
    this.crc = c;
    this.digest = d;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (pos == chunk.length) {
      if (done) {
        return -1;
      }
      nextChunk();
    }
    int n = Math.min(len, chunk.length - pos);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    return n;
  }

  private void nextChunk() throws IOException {
    String header = line();
    int semi = header.indexOf(';');
    String sizeText = semi < 0 ? header : header.substring(0, semi);
    int size;
    try {
      size = Integer.parseInt(sizeText.strip(), 16);
    } catch (NumberFormatException e) {
      throw new BadChunkException("bad chunk header: " + header);
    }
    if (size < 0 || size > MAX_CHUNK) {
      throw new BadChunkException("chunk too large: " + size);
    }
    byte[] data = in.readNBytes(size);
    if (data.length != size) {
      throw new BadChunkException("the body ended inside a chunk");
    }
    if (signing != null) {
      String sig = semi < 0 ? null : header.substring(semi + 1).replaceFirst("^chunk-signature=", "");
      String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signing.amzDate() + "\n" + signing.scope() + "\n"
          + previousSignature + "\n" + EMPTY_SHA256 + "\n" + Crypto.sha256Hex(data);
      String expected = SigV4.signature(signing.signingKey(), toSign);
      if (!Crypto.constantTimeEquals(expected, sig)) {
        throw new BadChunkException("The chunk signature does not match");
      }
      previousSignature = expected;
    }
    if (crc != null) {
      crc.update(data, 0, data.length);
    }
    if (digest != null) {
      digest.update(data);
    }
    if (size == 0) {
      trailer();
      done = true;
    } else if (!line().isEmpty()) {
      throw new BadChunkException("a chunk does not end where its size says");
    }
    chunk = data;
    pos = 0;
  }

  private void trailer() throws IOException {
    Map<String, String> trailers = new LinkedHashMap<>();
    String trailerSignature = null;
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw new BadChunkException("bad trailer line");
      }
      String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = l.substring(colon + 1).strip();
      if (name.equals("x-amz-trailer-signature")) {
        trailerSignature = value;
      } else {
        trailers.put(name, value);
      }
    }
    if (checksumHeader == null) {
      return;
    }
    String sent = trailers.get(checksumHeader);
    if (sent == null) {
      throw new BadChunkException("the trailer has no " + checksumHeader);
    }
    if (signing != null) {
      StringBuilder canonical = new StringBuilder();
      trailers.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
      String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + signing.amzDate() + "\n" + signing.scope() + "\n"
          + previousSignature + "\n" + Crypto.sha256Hex(canonical.toString());
      if (!Crypto.constantTimeEquals(SigV4.signature(signing.signingKey(), toSign), trailerSignature)) {
        throw new BadChunkException("The trailer signature does not match");
      }
    }
    byte[] actual;
    if (crc != null) {
      long v = crc.getValue();
      actual = new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    } else {
      actual = digest.digest();
    }
    if (!Base64.getEncoder().encodeToString(actual).equals(sent)) {
      throw new BadChunkException("The " + checksumHeader + " you specified did not match the calculated checksum");
    }
  }

  /** A line ending in CRLF, without it. */
  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(96);
    for (int c; (c = in.read()) >= 0; ) {
      if (c == '\r') {
        if (in.read() != '\n') {
          throw new BadChunkException("a line does not end in CRLF");
        }
        return b.toString(StandardCharsets.US_ASCII);
      }
      b.write(c);
      if (b.size() > 4096) {
        throw new BadChunkException("a chunk header line is too long");
      }
    }
    throw new BadChunkException("the body ended before its last chunk");
  }

  private static MessageDigest digest(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
