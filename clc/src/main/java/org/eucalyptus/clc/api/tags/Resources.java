package org.eucalyptus.clc.api.tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.tags.TagStore;

/** The resources a tag request names, each checked to exist and to belong to the caller. */
final class Resources {
  private Resources() {}

  static List<TagStore.Resource> owned(TagStore tags, QueryRequest req, boolean forWriting) throws ApiException {
    List<String> ids = req.list("ResourceId");
    if (ids.isEmpty()) {
      throw ApiException.missing("ResourceId.1");
    }
    List<TagStore.Resource> out = new ArrayList<>();
    for (String id : ids) {
      if (!id.matches("(i|sg|emi|eki|eri|ami|vol|snap)-[0-9a-fA-F]{8}([0-9a-fA-F]{9})?")) {
        throw new ApiException("InvalidID", "The ID '" + id + "' is not valid");
      }
      TagStore.Resource r = tags.resource(id)
          .filter(x -> x.ownerAccount().equals(req.caller().accountNumber()))
          .orElseThrow(() -> new ApiException(notFoundCode(id), "The ID '" + id + "' does not exist"));
      out.add(r);
    }
    return out;
  }

  private static String notFoundCode(String id) {
    if (id.startsWith("i-")) {
      return "InvalidInstanceID.NotFound";
    }
    if (id.startsWith("sg-")) {
      return "InvalidGroup.NotFound";
    }
    if (id.startsWith("vol-")) {
      return "InvalidVolume.NotFound";
    }
    if (id.startsWith("snap-")) { // clc-snapshots
      return "InvalidSnapshot.NotFound";
    }
    return "InvalidAMIID.NotFound";
  }

  static void checkKey(String key) throws ApiException {
    if (key.isEmpty() || key.length() > 127) {
      throw ApiException.invalid("Tag.Key", key, "Tag keys are 1 to 127 characters (EC2 of this API version).");
    }
    if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      throw ApiException.invalid("Tag.Key", key, "Tag keys starting with 'aws:' are reserved.");
    }
  }
}
