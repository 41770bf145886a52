package org.eucalyptus.clc.api.tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.tags.TagStore;

public final class CreateTagsAction implements Ec2Action {
  private final TagStore tags;

  public CreateTagsAction(TagStore tags) {
    this.tags = tags;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    List<TagStore.Resource> resources = Resources.owned(tags, req, true);
    Map<String, String> kv = new LinkedHashMap<>();
    for (int i = 1; ; i++) {
      String key = req.params().get("Tag." + i + ".Key");
      if (key == null) {
        if (i == 1) {
          throw Ec2Exception.missing("Tag.1.Key");
        }
        break;
      }
      String value = req.params().getOrDefault("Tag." + i + ".Value", "");
      Resources.checkKey(key);
      if (value.length() > 255) {
        throw Ec2Exception.invalid("Tag.Value", value, "Tag values are at most 255 characters (EC2 of this API version).");
      }
      kv.put(key, value);
    }
    try {
      tags.create(new ArrayList<>(resources), kv);
    } catch (TagStore.LimitException e) {
      throw new Ec2Exception("TagLimitExceeded", e.getMessage());
    }
    return req.response().element("return", "true").toString();
  }
}
