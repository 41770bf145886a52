package org.eucalyptus.common.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Turns a bundle back into the image, as one stream: the parts are read in order (each checked
 * against its SHA-1 in the manifest), decrypted with the AES key the given private key opens,
 * gunzipped and untarred. The manifest holds two copies of that key: one for the cloud (Walrus opens
 * it to hand images to nodes) and one for the user who bundled it ({@code euca-unbundle}). The digest of the tar stream is checked at the end; a caller writes to a
 * temporary file and keeps it only when {@link #unpack} returns.
 */
public final class BundleUnpacker {
  /** Opens a part of the bundle by its file name. */
  @FunctionalInterface
  public interface PartSource {
    InputStream open(String filename) throws IOException;
  }

  /** A bundle whose bytes do not match its manifest, or that the key cannot open. */
  public static final class CorruptBundleException extends Exception {
    public CorruptBundleException(String message) {
      super(message);
    }
  }

  /** Which copy of the image's AES key and IV in the manifest a private key is to open. */
  public enum KeyCopy {
    /** {@code ec2_encrypted_key}: encrypted with the cloud's certificate. */
    CLOUD,
    /** {@code user_encrypted_key}: encrypted with the bundling user's certificate. */
    USER
  }

  private BundleUnpacker() {}

  /** Writes the image inside the bundle to {@code out}, opened with the cloud's key; returns its size in bytes. */
  public static long unpack(BundleManifest m, PartSource parts, PrivateKey cloudKey, OutputStream out)
      throws IOException, CorruptBundleException {
    return unpack(m, parts, cloudKey, List.of(KeyCopy.CLOUD), out);
  }

  /**
   * Writes the image inside the bundle to {@code out} and returns its size in bytes; {@code key}
   * opens the first of {@code copies} it can (a user's key the user's copy, a cloud's key the cloud's).
   */
  public static long unpack(BundleManifest m, PartSource parts, PrivateKey key, List<KeyCopy> copies,
      OutputStream out) throws IOException, CorruptBundleException {
    Cipher aes = null;
    for (KeyCopy copy : copies) {
      aes = openAes(m, key, copy);
      if (aes != null) {
        break;
      }
    }
    if (aes == null) {
      throw new CorruptBundleException(copies.equals(List.of(KeyCopy.CLOUD))
          ? "the image key in the manifest cannot be opened with this cloud's key"
              + " (was the image bundled with this cloud's certificate?)"
          : "the image key in the manifest cannot be opened with this private key"
              + " (it must match the certificate the image was bundled with)");
    }
    MessageDigest tarDigest = sha1();
    MessageDigest imageDigest = sha1();
    long size = 0;
    try (InputStream joined = new PartsStream(m.parts(), parts);
        InputStream tarBytes = new DigestInputStream(
            new GZIPInputStream(new DecryptingInputStream(joined, aes), 64 * 1024), tarDigest);
        TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes)) {
      TarArchiveEntry e;
      boolean found = false;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile() || found) {
          continue;
        }
        found = true;
        byte[] buf = new byte[256 * 1024];
        for (int n; (n = tar.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          imageDigest.update(buf, 0, n);
          size += n;
        }
      }
      if (!found) {
        throw new CorruptBundleException("the bundle holds no image file");
      }
      tarBytes.transferTo(OutputStream.nullOutputStream()); // the rest of the tar counts toward its digest
    } catch (PartDigestException e) {
      throw new CorruptBundleException(e.getMessage());
    } catch (java.util.zip.ZipException e) {
      throw new CorruptBundleException("the bundle does not decrypt to a gzip stream: " + e.getMessage());
    } catch (IOException e) {
      if (e.getCause() instanceof GeneralSecurityException) {
        throw new CorruptBundleException("the bundle does not decrypt: " + e.getCause().getMessage());
      }
      throw e;
    }
    // ec2-bundle-image and euca2ools 2 digest the tar stream; older euca2ools digested the image itself.
    String want = m.digest() == null ? "" : m.digest().toLowerCase(Locale.ROOT);
    if (!want.isEmpty() && !want.equals(HexFormat.of().formatHex(tarDigest.digest()))
        && !want.equals(HexFormat.of().formatHex(imageDigest.digest()))) {
      throw new CorruptBundleException("the unpacked image does not match the manifest's digest");
    }
    return size;
  }

  /** The AES cipher for the copy of the key {@code key} opens, or null when it opens none. */
  private static Cipher openAes(BundleManifest m, PrivateKey key, KeyCopy copy) {
    String encKey = copy == KeyCopy.CLOUD ? m.ec2EncryptedKey() : m.userEncryptedKey();
    String encIv = copy == KeyCopy.CLOUD ? m.ec2EncryptedIv() : m.userEncryptedIv();
    if (encKey == null || encKey.isBlank() || encIv == null || encIv.isBlank()) {
      return null;
    }
    try {
      byte[] aesKey = HexFormat.of().parseHex(rsaOpen(key, encKey));
      byte[] iv = HexFormat.of().parseHex(rsaOpen(key, encIv));
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
      return aes;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String rsaOpen(PrivateKey key, String hex) throws GeneralSecurityException {
    Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    rsa.init(Cipher.DECRYPT_MODE, key);
    return new String(rsa.doFinal(HexFormat.of().parseHex(hex.trim())), StandardCharsets.US_ASCII).trim();
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class PartDigestException extends IOException {
    PartDigestException(String message) {
      super(message);
    }
  }

  /** The parts, one after another; each part's SHA-1 is checked when its end is reached. */
  private static final class PartsStream extends InputStream {
    private final Iterator<BundleManifest.Part> next;
    private final PartSource source;
    private BundleManifest.Part part;
    private DigestInputStream current;

    PartsStream(List<BundleManifest.Part> parts, PartSource source) {
      this.next = parts.iterator();
      this.source = source;
    }

    /** Opens the next part when the current one is done; false after the last. */
    private boolean advance() throws IOException {
      if (current == null) {
        if (!next.hasNext()) {
          return false;
        }
        part = next.next();
        current = new DigestInputStream(source.open(part.filename()), sha1());
      }
      return true;
    }

    private void endOfPart() throws IOException {
      String got = HexFormat.of().formatHex(current.getMessageDigest().digest());
      current.close();
      current = null;
      if (part.sha1() != null && !part.sha1().isEmpty() && !part.sha1().equalsIgnoreCase(got)) {
        throw new PartDigestException("part " + part.filename() + " does not match its digest in the manifest");
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (advance()) {
        int n = current.read(b, off, len);
        if (n >= 0) {
          return n;
        }
        endOfPart();
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
      }
    }
  }
}
