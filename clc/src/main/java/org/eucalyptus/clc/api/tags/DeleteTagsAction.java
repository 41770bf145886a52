package org.eucalyptus.clc.api.tags;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.tags.TagStore;

/** Deletes the named keys (only where the value matches, when one is given), or all tags without keys. */
public final class DeleteTagsAction implements QueryAction {
  private final TagStore tags;

  public DeleteTagsAction(TagStore tags) {
    this.tags = tags;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    var resources = Resources.owned(tags, req, false);
    Map<String, Optional<String>> keys = new LinkedHashMap<>();
    for (int i = 1; req.params().containsKey("Tag." + i + ".Key"); i++) {
      keys.put(req.params().get("Tag." + i + ".Key"),
          Optional.ofNullable(req.params().get("Tag." + i + ".Value")));
    }
    tags.delete(resources.stream().map(TagStore.Resource::id).toList(), keys);
    return req.response().element("return", "true").toString();
  }
}
