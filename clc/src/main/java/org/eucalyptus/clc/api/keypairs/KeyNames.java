package org.eucalyptus.clc.api.keypairs;

import org.eucalyptus.clc.api.ApiException;

/** EC2's rule for key pair names: 1 to 255 printable ASCII characters. */
final class KeyNames {
  private KeyNames() {}

  static String check(String name) throws ApiException {
    if (name.length() > 255 || !name.matches("[\\x20-\\x7E]+")) {
      throw ApiException.invalid("KeyName", name, "Key pair names are 1 to 255 ASCII characters.");
    }
    return name;
  }
}
