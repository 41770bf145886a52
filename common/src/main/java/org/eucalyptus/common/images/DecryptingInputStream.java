package org.eucalyptus.common.images;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * The plaintext of {@code in}, decrypted with an initialised {@link Cipher} in large blocks.
 * {@link javax.crypto.CipherInputStream} reads its source 512 bytes at a time, so the gunzip behind
 * it inflated in 512-byte steps: a third of a bundle's unpacking time went to those calls. A cipher
 * that refuses the end of the stream (bad padding, a length that is not a whole block) is an
 * {@link IOException} whose cause is the {@link GeneralSecurityException}, as CipherInputStream's is.
 */
final class DecryptingInputStream extends FilterInputStream {
  private static final int BLOCK = 64 * 1024;

  private final Cipher cipher;
  private final byte[] cipherText = new byte[BLOCK];
  private byte[] out = new byte[0];
  private int pos;
  private int limit;
  private boolean done;

  DecryptingInputStream(InputStream source, Cipher cipher) {
    super(source);
    this.cipher = cipher;
  }

  /** Refills {@code out}; false at the end of the plaintext. */
  private boolean fill() throws IOException {
    while (pos == limit) {
      if (done) {
        return false;
      }
      int n = in.read(cipherText, 0, cipherText.length);
      try {
        if (n < 0) {
          done = true;
          out = cipher.doFinal();
        } else {
          out = ensure(cipher.getOutputSize(n));
          limit = cipher.update(cipherText, 0, n, out, 0);
          pos = 0;
          continue;
        }
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot decrypt: " + e.getMessage(), e);
      }
      pos = 0;
      limit = out.length;
    }
    return true;
  }

  private byte[] ensure(int size) {
    return out.length >= size ? out : new byte[Math.max(size, BLOCK + 32)];
  }

  @Override
  public int read() throws IOException {
    return fill() ? out[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(out, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && fill()) {
      int k = (int) Math.min(n - skipped, limit - pos);
      pos += k;
      skipped += k;
    }
    return skipped;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
