package org.eucalyptus.clc.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.credentials.EucarcFile;

/** Writes the administrator's {@code eucarc} and {@code iamrc} into the data directory. */
public final class Eucarc {
  private Eucarc() {}

  /** Writes {@code eucarc} and {@code iamrc} into {@code dir}, readable by the owner only, atomically. */
  public static void write(Path dir, AccessKeyOwner key, String ec2Url, String s3Url, String euareUrl, String region)
      throws IOException {
    Files.createDirectories(dir);
    EucarcFile rc = new EucarcFile(key.accountName(), key.accountNumber(), key.userName(), key.accessKeyId(),
        key.secretKey(), ec2Url, s3Url, euareUrl, region, null, null);
    writePrivate(dir.resolve("eucarc"), rc.render());
    writePrivate(dir.resolve("iamrc"), rc.iamrc());
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: nothing to restrict
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
