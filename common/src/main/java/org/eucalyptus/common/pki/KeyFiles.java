package org.eucalyptus.common.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes keys and certificates as every component keeps them: whole or not at all (a temporary file
 * beside the target, moved over it atomically), and a private key readable by its owner only from the
 * moment the file exists, never for a moment by anyone else.
 */
public final class KeyFiles {
  private KeyFiles() {}

  /** A private key (or anything secret): mode 0600. */
  public static void writePrivate(Path file, String text) throws IOException {
    write(file, text, true);
  }

  /** A certificate or anything else public. */
  public static void writePublic(Path file, String text) throws IOException {
    write(file, text, false);
  }

  private static void write(Path file, String text, boolean secret) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] mode = secret && posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", mode);
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
