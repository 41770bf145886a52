package org.eucalyptus.clc.api.tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.tags.TagStore;

public final class CreateTagsAction implements QueryAction {
  private final TagStore tags;

  public CreateTagsAction(TagStore tags) {
    this.tags = tags;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    List<TagStore.Resource> resources = Resources.owned(tags, req, true);
    Map<String, String> kv = new LinkedHashMap<>();
    for (int i = 1; ; i++) {
      String key = req.params().get("Tag." + i + ".Key");
      if (key == null) {
        if (i == 1) {
          throw ApiException.missing("Tag.1.Key");
        }
        break;
      }
      String value = req.params().getOrDefault("Tag." + i + ".Value", "");
      Resources.checkKey(key);
      if (value.length() > 255) {
        throw ApiException.invalid("Tag.Value", value, "Tag values are at most 255 characters (EC2 of this API version).");
      }
      kv.put(key, value);
    }
    tags.create(new ArrayList<>(resources), kv);
    return req.response().element("return", "true").toString();
  }
}
