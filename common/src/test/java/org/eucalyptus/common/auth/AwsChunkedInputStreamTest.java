package org.eucalyptus.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** aws-chunked bodies: decoded, and refused when a chunk, the trailer or the checksum is wrong. */
@UnitTest
class AwsChunkedInputStreamTest {
  static final byte[] KEY = SigV4.signingKey("secret", "20260101", "eucalyptus", "s3");
  static final RequestAuthenticator.V4Signing SIGNING = new RequestAuthenticator.V4Signing(KEY, "20260101T000000Z",
      SigV4.scope("20260101", "eucalyptus", "s3"), "seed");

  /** Encodes {@code chunks} as the SDK does, signed, with a CRC32 trailer (optionally lying). */
  static byte[] encode(String[] chunks, boolean lieAboutCrc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String prev = SIGNING.seedSignature();
    CRC32 crc = new CRC32();
    String empty = Crypto.sha256Hex(new byte[0]);
    for (String c : chunks) {
      byte[] data = c.getBytes(StandardCharsets.UTF_8);
      crc.update(data);
      prev = SigV4.signature(KEY, "AWS4-HMAC-SHA256-PAYLOAD\n" + SIGNING.amzDate() + "\n" + SIGNING.scope() + "\n"
          + prev + "\n" + empty + "\n" + Crypto.sha256Hex(data));
      out.writeBytes((Integer.toHexString(data.length) + ";chunk-signature=" + prev + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(data);
      if (data.length > 0) {
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    long v = lieAboutCrc ? crc.getValue() + 1 : crc.getValue();
    String checksum = Base64.getEncoder().encodeToString(new byte[] {(byte) (v >> 24), (byte) (v >> 16),
        (byte) (v >> 8), (byte) v});
    String trailer = "x-amz-checksum-crc32:" + checksum + "\n";
    String trailerSig = SigV4.signature(KEY, "AWS4-HMAC-SHA256-TRAILER\n" + SIGNING.amzDate() + "\n"
        + SIGNING.scope() + "\n" + prev + "\n" + Crypto.sha256Hex(trailer));
    out.writeBytes(("x-amz-checksum-crc32:" + checksum + "\r\nx-amz-trailer-signature:" + trailerSig + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static String decode(byte[] body) throws Exception {
    try (AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body), SIGNING,
        "x-amz-checksum-crc32")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void decodesSignedChunksWithAChecksumTrailer() throws Exception {
    assertThat(decode(encode(new String[] {"hello, ", "walrus", ""}, false))).isEqualTo("hello, walrus");
  }

  @Test
  void refusesATamperedChunkAWrongChecksumAndATruncatedBody() {
    byte[] body = encode(new String[] {"hello, ", "walrus", ""}, false);
    String text = new String(body, StandardCharsets.ISO_8859_1).replace("walrus", "walrux");
    assertThatThrownBy(() -> decode(text.getBytes(StandardCharsets.ISO_8859_1)))
        .isInstanceOf(AwsChunkedInputStream.BadChunkException.class).hasMessageContaining("signature");
    assertThatThrownBy(() -> decode(encode(new String[] {"hello", ""}, true)))
        .isInstanceOf(AwsChunkedInputStream.BadChunkException.class).hasMessageContaining("checksum");
    byte[] cut = java.util.Arrays.copyOf(body, body.length / 2);
    assertThatThrownBy(() -> decode(cut)).isInstanceOf(AwsChunkedInputStream.BadChunkException.class);
  }
}
