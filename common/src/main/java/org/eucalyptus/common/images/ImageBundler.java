package org.eucalyptus.common.images;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Makes an image bundle the way euca-bundle-image does, in one streaming pass: the image is
 * tarred, gzipped, encrypted with a fresh AES-128-CBC key, and split into parts; the key and IV are
 * encrypted for the cloud (its certificate) and for the user, and the manifest is signed with the
 * user's private key. Nothing is held in memory but buffers.
 */
public final class ImageBundler {
  /** euca2ools' part size: 10 MiB. */
  public static final int DEFAULT_PART_SIZE = 10 * 1024 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What to bundle and for whom. */
  public record Request(
      Path image,
      Path destination,
      String prefix,
      String user,
      String architecture,
      String imageType,
      String kernelId,
      String ramdiskId,
      List<BundleManifest.Mapping> blockDeviceMapping,
      X509Certificate userCertificate,
      PrivateKey userKey,
      X509Certificate cloudCertificate,
      int partSize) {}

  /** The bundle made: its manifest file and the part files, in order. */
  public record Result(Path manifestFile, List<Path> partFiles, BundleManifest manifest) {}

  private ImageBundler() {}

  /** Bundles {@code r.image()}; {@code progress} hears the count of image bytes read so far. */
  public static Result bundle(Request r, LongConsumer progress) throws IOException, GeneralSecurityException {
    byte[] key = new byte[16];
    byte[] iv = new byte[16];
    RANDOM.nextBytes(key);
    RANDOM.nextBytes(iv);
    String keyHex = HexFormat.of().formatHex(key);
    String ivHex = HexFormat.of().formatHex(iv);
    Files.createDirectories(r.destination());
    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    MessageDigest tarDigest = MessageDigest.getInstance("SHA-1");
    long size = Files.size(r.image());
    PartWriter parts = new PartWriter(r.destination(), r.prefix(), r.partSize());
    try (OutputStream enc = new CipherOutputStream(parts, aes);
        OutputStream gz = new GZIPOutputStream(enc, 64 * 1024);
        DigestOutputStream tarOut = new DigestOutputStream(gz, tarDigest);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(tarOut);
        InputStream in = Files.newInputStream(r.image())) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry(r.image().getFileName().toString());
      entry.setSize(size);
      entry.setModTime(Files.getLastModifiedTime(r.image()));
      tar.putArchiveEntry(entry);
      byte[] buf = new byte[256 * 1024];
      long done = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        tar.write(buf, 0, n);
        done += n;
        progress.accept(done);
      }
      if (done != size) {
        throw new IOException(r.image() + " changed size while it was being bundled");
      }
      tar.closeArchiveEntry();
      tar.finish();
    }
    List<BundleManifest.Part> partList = new ArrayList<>();
    for (int i = 0; i < parts.files.size(); i++) {
      partList.add(new BundleManifest.Part(parts.files.get(i).getFileName().toString(), parts.digests.get(i)));
    }
    BundleManifest m = new BundleManifest(r.architecture(), r.kernelId(), r.ramdiskId(), r.blockDeviceMapping(),
        r.image().getFileName().toString(), r.user(), r.imageType(), HexFormat.of().formatHex(tarDigest.digest()),
        size, parts.total, rsaHex(r.cloudCertificate().getPublicKey(), keyHex),
        rsaHex(r.userCertificate().getPublicKey(), keyHex), rsaHex(r.cloudCertificate().getPublicKey(), ivHex),
        rsaHex(r.userCertificate().getPublicKey(), ivHex), partList, null);
    Path manifestFile = r.destination().resolve(r.prefix() + ".manifest.xml");
    Files.writeString(manifestFile, m.renderSigned(r.userKey()));
    return new Result(manifestFile, List.copyOf(parts.files), m);
  }

  /** As euca2ools does, the key and IV are encrypted as their hex text. */
  private static String rsaHex(PublicKey key, String hexText) throws GeneralSecurityException {
    Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    rsa.init(Cipher.ENCRYPT_MODE, key);
    return HexFormat.of().formatHex(rsa.doFinal(hexText.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  /** Splits what is written into part files of {@code partSize} bytes, hashing each one. */
  private static final class PartWriter extends FilterOutputStream {
    private final Path dir;
    private final String prefix;
    private final int partSize;
    final List<Path> files = new ArrayList<>();
    final List<String> digests = new ArrayList<>();
    private OutputStream current;
    private MessageDigest digest;
    private long inPart;
    long total;

    PartWriter(Path dir, String prefix, int partSize) {
      super(OutputStream.nullOutputStream());
      this.dir = dir;
      this.prefix = prefix;
      this.partSize = partSize;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (current == null || inPart == partSize) {
          next();
        }
        int n = (int) Math.min(len, partSize - inPart);
        current.write(b, off, n);
        digest.update(b, off, n);
        inPart += n;
        total += n;
        off += n;
        len -= n;
      }
    }

    private void next() throws IOException {
      finishPart();
      Path f = dir.resolve(String.format("%s.part.%02d", prefix, files.size()));
      current = new java.io.BufferedOutputStream(Files.newOutputStream(f), 256 * 1024);
      files.add(f);
      try {
        digest = MessageDigest.getInstance("SHA-1");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      inPart = 0;
    }

    private void finishPart() throws IOException {
      if (current != null) {
        current.close();
        digests.add(HexFormat.of().formatHex(digest.digest()));
        current = null;
      }
    }

    @Override
    public void flush() throws IOException {
      if (current != null) {
        current.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (current == null && files.isEmpty()) {
        next(); // an empty stream still makes one (empty) part
      }
      finishPart();
    }
  }
}
