package org.eucalyptus.nc.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.eucalyptus.common.pki.Pem;

/** The node's certificate and key from the cloud CA: what Walrus asks of a node fetching an image. */
public record NodeCredentials(X509Certificate certificate, PrivateKey privateKey) {
  /**
   * The node's credentials in {@code keysDir}, read when first there (they may be issued after the
   * node controller starts) and kept from then on.
   */
  public static java.util.function.Supplier<NodeCredentials> from(Path keysDir) {
    return new java.util.function.Supplier<>() {
      private volatile NodeCredentials loaded;

      @Override
      public NodeCredentials get() {
        if (loaded == null) {
          try {
            loaded = loadIfPresent(keysDir);
          } catch (IOException e) {
            org.apache.logging.log4j.LogManager.getLogger(NodeCredentials.class).warn("{}", e.getMessage());
          }
        }
        return loaded;
      }
    };
  }

  /** Reads {@code node-cert.pem} and {@code node-pk.pem} from {@code keysDir}, or null when they are not there. */
  public static NodeCredentials loadIfPresent(Path keysDir) throws IOException {
    Path cert = keysDir.resolve("node-cert.pem");
    Path key = keysDir.resolve("node-pk.pem");
    if (!Files.exists(cert) || !Files.exists(key)) {
      return null;
    }
    try {
      return new NodeCredentials(Pem.readCertificate(cert), Pem.readPrivateKey(key));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the node's keys in " + keysDir + ": " + e.getMessage(), e);
    }
  }
}
