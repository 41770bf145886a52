package org.eucalyptus.clc.api.instances;

import java.util.List;
import org.eucalyptus.clc.api.Ec2Exception;

/** Checks the form of instance ids before they reach the database. */
final class InstanceIds {
  private InstanceIds() {}

  static void checkWellFormed(List<String> ids) throws Ec2Exception {
    for (String id : ids) {
      if (!id.matches("i-[0-9a-fA-F]{8}([0-9a-fA-F]{9})?")) {
        throw new Ec2Exception("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
      }
    }
  }
}
