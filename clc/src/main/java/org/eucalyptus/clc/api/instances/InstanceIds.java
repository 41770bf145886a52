package org.eucalyptus.clc.api.instances;

import java.util.List;
import org.eucalyptus.clc.api.ApiException;

/** Checks the form of instance ids before they reach the database. */
final class InstanceIds {
  private InstanceIds() {}

  static void checkWellFormed(List<String> ids) throws ApiException {
    for (String id : ids) {
      if (!id.matches("i-[0-9a-fA-F]{8}([0-9a-fA-F]{9})?")) {
        throw new ApiException("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
      }
    }
  }
}
