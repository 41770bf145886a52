package org.eucalyptus.walrus.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.common.auth.Crypto;
import org.eucalyptus.common.images.BundleManifest;
import org.eucalyptus.common.images.BundleUnpacker;
import org.eucalyptus.common.pki.AccountCertificates;
import org.eucalyptus.walrus.store.ObjectStore;

/**
 * Walrus's GetDecryptedImage: the ready-to-boot image behind a bundle manifest. The manifest's
 * signature is checked against the signing certificates of the account that bundled it (or the
 * cloud's own certificate), the image key is opened with the cloud's private key, and the parts,
 * stored as ordinary objects beside the manifest, are decrypted and unpacked as one stream into
 * the {@link DecryptedImageCache}. A manifest replaced by another (a new ETag) is a new cache entry.
 */
public final class DecryptedImages {
  private static final Logger LOG = LogManager.getLogger(DecryptedImages.class);
  private static final int MAX_MANIFEST = 4 * 1024 * 1024;

  private final ObjectStore objects;
  private final DecryptedImageCache cache;
  private final CloudKeys cloud;
  private final AccountCertificates certificates;
  private final AtomicLong decryptions = new AtomicLong();

  /** Why an image cannot be served: the manifest or a part is missing, or the bundle is not sound. */
  public static final class UnservableImageException extends Exception {
    private final boolean notFound;

    UnservableImageException(String message, boolean notFound) {
      super(message);
      this.notFound = notFound;
    }

    public boolean notFound() {
      return notFound;
    }
  }

  /** A decrypted image ready to send. */
  public record Image(Path file, long size, String manifestEtag) {}

  public DecryptedImages(ObjectStore objects, DecryptedImageCache cache, CloudKeys cloud, AccountCertificates certificates) {
    this.objects = objects;
    this.cache = cache;
    this.cloud = cloud;
    this.certificates = certificates;
  }

  public Image get(String bucket, String manifestKey) throws UnservableImageException, IOException, SQLException {
    ObjectStore.StoredObject mo = objects.get(bucket, manifestKey).orElseThrow(() ->
        new UnservableImageException("no manifest " + bucket + "/" + manifestKey, true));
    if (mo.size() > MAX_MANIFEST) {
      throw new UnservableImageException(bucket + "/" + manifestKey + " is too large to be a manifest", false);
    }
    String document = Files.readString(objects.path(mo), StandardCharsets.UTF_8);
    BundleManifest m;
    try {
      m = BundleManifest.parse(document);
      if (!signedByOwner(document, m)) {
        throw new UnservableImageException("the manifest's signature does not verify with the certificates of account "
            + m.user(), false);
      }
    } catch (BundleManifest.InvalidManifestException e) {
      throw new UnservableImageException(e.getMessage(), false);
    }
    String prefix = manifestKey.contains("/") ? manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1) : "";
    String name = Crypto.sha256Hex(bucket + "/" + manifestKey + "\n" + mo.etag()) + ".img";
    try {
      Path file = cache.get(name, out -> decrypt(bucket, prefix, m, out));
      return new Image(file, Files.size(file), mo.etag());
    } catch (DecryptedImageCache.ProducerException e) {
      throw new UnservableImageException(e.getMessage(), false);
    }
  }

  private void decrypt(String bucket, String prefix, BundleManifest m, java.io.OutputStream out)
      throws IOException, DecryptedImageCache.ProducerException {
    decryptions.incrementAndGet();
    long start = System.nanoTime();
    try {
      long size = BundleUnpacker.unpack(m, filename -> openPart(bucket, prefix + filename), cloud.privateKey(), out);
      LOG.info("decrypted image {}/{} ({} bytes) in {} ms", bucket, m.imageName(), size,
          (System.nanoTime() - start) / 1_000_000);
    } catch (BundleUnpacker.CorruptBundleException e) {
      throw new DecryptedImageCache.ProducerException(e.getMessage());
    } catch (MissingPartException e) {
      throw new DecryptedImageCache.ProducerException(e.getMessage());
    }
  }

  private static final class MissingPartException extends IOException {
    MissingPartException(String message) {
      super(message);
    }
  }

  private InputStream openPart(String bucket, String key) throws IOException {
    try {
      ObjectStore.StoredObject part = objects.get(bucket, key).orElseThrow(() ->
          new MissingPartException("the bundle's part " + key + " is not in bucket " + bucket));
      return Files.newInputStream(objects.path(part));
    } catch (SQLException e) {
      throw new IOException("cannot look up part " + key + ": " + e.getMessage(), e);
    }
  }

  private boolean signedByOwner(String document, BundleManifest m) throws BundleManifest.InvalidManifestException {
    if (m.signature() == null || m.signature().isEmpty()) {
      return false;
    }
    List<X509Certificate> candidates = new ArrayList<>();
    if (m.user() != null && !m.user().isEmpty()) {
      candidates.addAll(certificates.forAccount(m.user()));
    }
    candidates.add(cloud.certificate()); // images the cloud bundled itself
    for (X509Certificate c : candidates) {
      if (BundleManifest.signatureValid(document, m.signature(), c.getPublicKey())) {
        return true;
      }
    }
    return false;
  }

  /** How many times a bundle has been decrypted since start (cache misses). */
  public long decryptions() {
    return decryptions.get();
  }
}
