package org.eucalyptus.clc.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eucalyptus.clc.errors.NotFoundException;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.credentials.EucarcFile;

/**
 * A user's credentials as files in one directory, laid out as the credentials zip: {@code eucarc},
 * {@code iamrc} (what AWS_CREDENTIAL_FILE names), {@code cloud-cert.pem} (EUCALYPTUS_CERT) and the
 * user's certificate and key ({@code euca2-USER-XXXXXXXX-cert.pem}, {@code -pk.pem}: EC2_CERT,
 * EC2_PRIVATE_KEY), so that every file the eucarc names is there. The CLC writes the admin's into its
 * data directory at each start.
 */
public final class CredentialsDirectory {
  private final IamDirectory iam;

  public CredentialsDirectory(IamDirectory iam) {
    this.iam = iam;
  }

  /**
   * Writes the credentials of {@code key}'s user into {@code dir}; the eucarc goes last (renamed into
   * place), so whoever waits for it finds the files it names.
   */
  public void write(Path dir, AccessKeyOwner key, String cloudCertPem, String ec2Url, String s3Url, String euareUrl,
      String region) throws IOException {
    write(dir, key, cloudCertPem, ec2Url, s3Url, euareUrl, region, false);
  }

  /** @param cloudCaBundle the eucarc names cloud-cert.pem as the CA bundle of the AWS CLI and boto3 (HTTPS URLs) */
  public void write(Path dir, AccessKeyOwner key, String cloudCertPem, String ec2Url, String s3Url, String euareUrl,
      String region, boolean cloudCaBundle) throws IOException {
    Files.createDirectories(dir);
    String prefix = keyFiles(dir, key);
    EucarcFile rc = new EucarcFile(key.accountName(), key.accountNumber(), key.userName(), key.accessKeyId(),
        key.secretKey(), ec2Url, s3Url, euareUrl, region, prefix + "-cert.pem", prefix + "-pk.pem", cloudCaBundle);
    writeFile(dir.resolve("cloud-cert.pem"), cloudCertPem, "rw-r--r--");
    writeFile(dir.resolve("iamrc"), rc.iamrc(), "rw-------");
    writeFile(dir.resolve("eucarc"), rc.render(), "rw-------");
  }

  /**
   * The prefix of the user's certificate and key files in {@code dir}: the pair already there while
   * its certificate is still one of the user's active ones (so a restart does not issue another),
   * else a pair issued now. Pairs of ours the cloud no longer holds are removed.
   */
  private String keyFiles(Path dir, AccessKeyOwner key) throws IOException {
    List<String> active;
    try {
      active = iam.signingCertificates(key.accountNumber(), key.userName()).stream()
          .filter(SigningCertificate::active).map(c -> c.certificate().strip()).toList();
    } catch (NotFoundException e) {
      throw new IOException("No user " + key.userName() + " for the credentials in " + dir, e);
    }
    String kept = null;
    try (DirectoryStream<Path> certs = Files.newDirectoryStream(dir, "euca2-" + key.userName() + "-*-cert.pem")) {
      for (Path cert : certs) {
        String name = cert.getFileName().toString();
        String prefix = name.substring(0, name.length() - "-cert.pem".length());
        Path pk = dir.resolve(prefix + "-pk.pem");
        if (kept == null && Files.isReadable(pk) && active.contains(Files.readString(cert).strip())) {
          kept = prefix;
        } else {
          Files.deleteIfExists(cert);
          Files.deleteIfExists(pk);
        }
      }
    }
    if (kept != null) {
      return kept;
    }
    IamDirectory.NewCertificate made;
    try {
      made = iam.createSigningCertificate(key.accountNumber(), key.userName());
    } catch (NotFoundException e) {
      throw new IOException("Cannot issue a certificate for " + key.userName() + ": " + e.getMessage(), e);
    }
    String pem = made.certificate().certificate();
    String prefix = EucarcFile.keyFilePrefix(key.userName(), pem);
    writeFile(dir.resolve(prefix + "-pk.pem"), made.privateKeyPem(), "rw-------");
    writeFile(dir.resolve(prefix + "-cert.pem"), pem, "rw-r--r--");
    return prefix;
  }

  /** Writes a file whole under a temporary name made with {@code mode} from the start, then renames it. */
  private static void writeFile(Path file, String content, String mode) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp); // not a POSIX file system: nothing to restrict
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
