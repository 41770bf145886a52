package org.eucalyptus.common.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@UnitTest
class DecryptingInputStreamTest {
  private static final byte[] KEY = new byte[16];
  private static final byte[] IV = new byte[16];

  private static Cipher aes(int mode) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(mode, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(IV));
    return c;
  }

  /** Reads through {@code in} in steps of {@code step} bytes, one byte at a time where step is 1. */
  private static byte[] readAll(InputStream in, int step) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[step];
    while (true) {
      if (step == 1) {
        int b = in.read();
        if (b < 0) {
          return out.toByteArray();
        }
        out.write(b);
      } else {
        int n = in.read(buf, 0, step);
        if (n < 0) {
          return out.toByteArray();
        }
        out.write(buf, 0, n);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 65535, 65536, 65537, 300_001})
  void decryptsWhatTheCipherEncryptedWhateverTheLength(int length) throws Exception {
    byte[] plain = new byte[length];
    new Random(length).nextBytes(plain);
    byte[] sealed = aes(Cipher.ENCRYPT_MODE).doFinal(plain);
    for (int step : new int[] {1, 7, 4096, 200_000}) {
      if (step == 1 && length > 70_000) {
        continue;
      }
      byte[] got = readAll(new DecryptingInputStream(new ByteArrayInputStream(sealed), aes(Cipher.DECRYPT_MODE)), step);
      assertThat(Arrays.equals(got, plain)).as("length %d read in steps of %d", length, step).isTrue();
    }
  }

  @Test
  void aSourceThatDribblesStillDecryptsWhole() throws Exception {
    byte[] plain = new byte[100_000];
    new Random(3).nextBytes(plain);
    byte[] sealed = aes(Cipher.ENCRYPT_MODE).doFinal(plain);
    InputStream dribble = new ByteArrayInputStream(sealed) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 5)); // fewer bytes than a block per read
      }
    };
    assertThat(readAll(new DecryptingInputStream(dribble, aes(Cipher.DECRYPT_MODE)), 4096)).isEqualTo(plain);
  }

  @Test
  void aTruncatedOrTamperedEndIsAnIoErrorCausedByTheCipher() throws Exception {
    byte[] sealed = aes(Cipher.ENCRYPT_MODE).doFinal(new byte[1000]);
    byte[] truncated = Arrays.copyOf(sealed, sealed.length - 5); // not a whole block
    assertThatThrownBy(() -> readAll(new DecryptingInputStream(new ByteArrayInputStream(truncated),
        aes(Cipher.DECRYPT_MODE)), 4096)).isInstanceOf(IOException.class)
        .cause().isInstanceOf(GeneralSecurityException.class);
    byte[] badPadding = sealed.clone();
    badPadding[badPadding.length - 17] ^= 0x55; // CBC: flips the last plaintext byte, the padding length
    assertThatThrownBy(() -> readAll(new DecryptingInputStream(new ByteArrayInputStream(badPadding),
        aes(Cipher.DECRYPT_MODE)), 4096)).isInstanceOf(IOException.class)
        .cause().isInstanceOf(GeneralSecurityException.class);
  }
}
