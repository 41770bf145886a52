package org.eucalyptus.clc.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.eucalyptus.common.auth.AccessKeyOwner;

/**
 * The {@code eucarc} a user sources to drive the cloud: the names euca2ools read, plus the AWS CLI's
 * own variables so that {@code aws ec2 … --endpoint-url $EC2_URL} works as is.
 */
public final class Eucarc {
  private Eucarc() {}

  public static String render(AccessKeyOwner key, String ec2Url, String s3Url, String euareUrl, String region) {
    return String.join("\n",
        "# Credentials for " + key.userName() + " in account " + key.accountName() + " (" + key.accountNumber() + ").",
        "EUCA_KEY_DIR=$(cd \"$(dirname \"${BASH_SOURCE:-$0}\")\" && pwd -P)",
        "export EC2_URL=" + ec2Url,
        "export S3_URL=" + s3Url,
        "export EUARE_URL=" + euareUrl,
        "export EC2_ACCESS_KEY='" + key.accessKeyId() + "'",
        "export EC2_SECRET_KEY='" + key.secretKey() + "'",
        "export EC2_ACCOUNT_NUMBER='" + key.accountNumber() + "'",
        "export EC2_USER_ID='" + key.accountNumber() + "'",
        "export AWS_ACCESS_KEY_ID=\"$EC2_ACCESS_KEY\"",
        "export AWS_SECRET_ACCESS_KEY=\"$EC2_SECRET_KEY\"",
        "export AWS_DEFAULT_REGION='" + region + "'",
        "export AWS_CREDENTIAL_FILE=${EUCA_KEY_DIR}/iamrc",
        "") ;
  }

  public static String renderIamrc(AccessKeyOwner key) {
    return "AWSAccessKeyId=" + key.accessKeyId() + "\nAWSSecretKey=" + key.secretKey() + "\n";
  }

  /** Writes {@code eucarc} and {@code iamrc} into {@code dir}, readable by the owner only, atomically. */
  public static void write(Path dir, AccessKeyOwner key, String ec2Url, String s3Url, String euareUrl, String region)
      throws IOException {
    Files.createDirectories(dir);
    writePrivate(dir.resolve("eucarc"), render(key, ec2Url, s3Url, euareUrl, region));
    writePrivate(dir.resolve("iamrc"), renderIamrc(key));
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
