package org.eucalyptus.tools.bundle;

import org.eucalyptus.common.credentials.EucarcFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The settings euca2ools reads: a flag wins, then the file given with {@code --config}, then the
 * environment (as after {@code source eucarc}): EC2_URL, S3_URL, AWS_ACCESS_KEY_ID or
 * EC2_ACCESS_KEY, AWS_SECRET_ACCESS_KEY or EC2_SECRET_KEY (else the AWS_CREDENTIAL_FILE's
 * AWSAccessKeyId and AWSSecretKey), EC2_CERT, EC2_PRIVATE_KEY, EUCALYPTUS_CERT, EC2_USER_ID.
 */
final class UserSettings {
  private final Map<String, String> values;

  private UserSettings(Map<String, String> values) {
    this.values = values;
  }

  static UserSettings load(Path config) throws IOException {
    return new UserSettings(config != null ? EucarcFile.read(config) : System.getenv());
  }

  /** The flag's value if given, else the setting; a {@link MissingSettingException} names both when neither is. */
  String get(String flagValue, String name, String flag) throws MissingSettingException {
    if (flagValue != null && !flagValue.isEmpty()) {
      return flagValue;
    }
    String v = values.get(name);
    if (v == null || v.isEmpty()) {
      throw new MissingSettingException(name + " is not set: source your eucarc, or pass " + flag);
    }
    return v;
  }

  /** The access key: {@code -I}, else AWS_ACCESS_KEY_ID, EC2_ACCESS_KEY, or the AWS_CREDENTIAL_FILE's. */
  String accessKey(String flagValue) throws MissingSettingException, IOException {
    return credential(flagValue, "AWSAccessKeyId", "access key", "-I/--access-key-id", "AWS_ACCESS_KEY_ID",
        "EC2_ACCESS_KEY");
  }

  /** The secret key: {@code -S}, else AWS_SECRET_ACCESS_KEY, EC2_SECRET_KEY, or the AWS_CREDENTIAL_FILE's. */
  String secretKey(String flagValue) throws MissingSettingException, IOException {
    return credential(flagValue, "AWSSecretKey", "secret key", "-S/--secret-key", "AWS_SECRET_ACCESS_KEY",
        "EC2_SECRET_KEY");
  }

  private String credential(String flagValue, String fileKey, String what, String flag, String... names)
      throws MissingSettingException, IOException {
    if (flagValue != null && !flagValue.isEmpty()) {
      return flagValue;
    }
    for (String n : names) {
      String v = values.get(n);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    String file = values.get("AWS_CREDENTIAL_FILE");
    if (file != null && !file.isEmpty() && java.nio.file.Files.isReadable(Path.of(file))) {
      // AWSAccessKeyId=... and AWSSecretKey=..., one a line
      for (String line : java.nio.file.Files.readAllLines(Path.of(file))) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).trim().equals(fileKey) && !line.substring(eq + 1).isBlank()) {
          return line.substring(eq + 1).trim();
        }
      }
    }
    throw new MissingSettingException("no " + what + ": source your eucarc, set " + String.join(" or ", names)
        + ", or pass " + flag);
  }

  /** The CA bundle the settings name for HTTPS URLs (AWS_CA_BUNDLE, else EUCALYPTUS_CERT), if its file exists. */
  java.util.Optional<Path> caBundle() {
    return org.eucalyptus.common.http.ClientTrust.caBundle(values);
  }

  String optional(String flagValue, String name) {
    if (flagValue != null && !flagValue.isEmpty()) {
      return flagValue;
    }
    return values.get(name);
  }

  /** A setting a command needs and did not get. */
  static final class MissingSettingException extends Exception {
    MissingSettingException(String message) {
      super(message);
    }
  }
}
