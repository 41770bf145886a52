package org.eucalyptus.tools.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.eucalyptus.tools.admin.Eucarc;

/**
 * The settings euca2ools reads: a flag wins, then the file given with {@code --config}, then the
 * environment (as after {@code source eucarc}): EC2_URL, S3_URL, EC2_ACCESS_KEY, EC2_SECRET_KEY,
 * EC2_CERT, EC2_PRIVATE_KEY, EUCALYPTUS_CERT, EC2_USER_ID.
 */
final class UserSettings {
  private final Map<String, String> values;

  private UserSettings(Map<String, String> values) {
    this.values = values;
  }

  static UserSettings load(Path config) throws IOException {
    return new UserSettings(config != null ? Eucarc.read(config) : System.getenv());
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
