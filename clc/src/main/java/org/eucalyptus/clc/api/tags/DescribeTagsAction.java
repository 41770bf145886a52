package org.eucalyptus.clc.api.tags;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.tags.Tag;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.common.xml.XmlWriter;

public final class DescribeTagsAction implements QueryAction {
  private static final Set<String> FILTERS = Set.of("key", "value", "resource-id", "resource-type");

  private final TagStore tags;

  public DescribeTagsAction(TagStore tags) {
    this.tags = tags;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!FILTERS.contains(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    XmlWriter x = req.response().start("tagSet");
    for (Tag t : tags.ofAccount(req.caller().accountNumber())) {
      boolean keep = filters.entrySet().stream().allMatch(f -> Glob.matchesAny(f.getValue(), switch (f.getKey()) {
        case "key" -> t.key();
        case "value" -> t.value();
        case "resource-id" -> t.resourceId();
        default -> t.resourceType();
      }));
      if (keep) {
        x.start("item").element("resourceId", t.resourceId()).element("resourceType", t.resourceType())
            .element("key", t.key()).element("value", t.value()).end();
      }
    }
    return x.toString();
  }
}
