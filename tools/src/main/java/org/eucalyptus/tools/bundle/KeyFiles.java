package org.eucalyptus.tools.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.eucalyptus.common.pki.Pem;

/** The PEM files the bundle tools read, with a failure that names the file and what it was to be. */
final class KeyFiles {
  private KeyFiles() {}

  static X509Certificate certificate(String file, String what) throws ToolFailure {
    Path p = readable(file, what);
    try {
      return Pem.readCertificate(p);
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new ToolFailure(what + " file '" + file + "' is not a PEM certificate: " + e.getMessage());
    }
  }

  static PrivateKey privateKey(String file, String what) throws ToolFailure {
    Path p = readable(file, what);
    try {
      return Pem.readPrivateKey(p);
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new ToolFailure(what + " file '" + file + "' is not a PEM private key: " + e.getMessage());
    }
  }

  private static Path readable(String file, String what) throws ToolFailure {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new ToolFailure(what + " file '" + file + "' does not exist or cannot be read");
    }
    return p;
  }
}
