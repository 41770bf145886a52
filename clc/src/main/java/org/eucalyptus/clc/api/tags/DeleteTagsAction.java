package org.eucalyptus.clc.api.tags;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.tags.TagStore;

/** Deletes the named keys (only where the value matches, when one is given), or all tags without keys. */
public final class DeleteTagsAction implements Ec2Action {
  private final TagStore tags;

  public DeleteTagsAction(TagStore tags) {
    this.tags = tags;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
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
