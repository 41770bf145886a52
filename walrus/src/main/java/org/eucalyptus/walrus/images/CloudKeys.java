package org.eucalyptus.walrus.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.eucalyptus.common.pki.Pem;

/**
 * The cloud CA's certificate and private key, as Walrus needs them: the certificate says which
 * node certificates to trust, and the key opens the image keys in bundle manifests.
 */
public record CloudKeys(X509Certificate certificate, PrivateKey privateKey) {
  /** Reads {@code cloud-cert.pem} and {@code cloud-pk.pem} from the CLC's keys directory. */
  public static CloudKeys load(Path keysDir) throws IOException {
    Path cert = keysDir.resolve("cloud-cert.pem");
    Path key = keysDir.resolve("cloud-pk.pem");
    if (!Files.isReadable(cert) || !Files.isReadable(key)) {
      throw new IOException("Walrus needs the cloud's cloud-cert.pem and cloud-pk.pem in " + keysDir
          + " (copy them from the cloud controller's keys directory, or set WALRUS_KEYS_DIR)");
    }
    try {
      return new CloudKeys(Pem.readCertificate(cert), Pem.readPrivateKey(key));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the cloud's keys in " + keysDir + ": " + e.getMessage(), e);
    }
  }
}
