package org.eucalyptus.clc.api.tags;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.api.Ec2Permissions;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.tags.Tag;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.common.xml.XmlWriter;

public final class DescribeTagsAction implements QueryAction {
  private static final Set<String> FILTERS = Set.of("key", "value", "resource-id", "resource-type");

  private final TagStore tags;
  private final SecurityGroupStore groups;

  public DescribeTagsAction(TagStore tags, SecurityGroupStore groups) {
    this.tags = tags;
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!FILTERS.contains(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    List<Tag> all = tags.ofAccount(req.caller().accountNumber());
    // A tag is shown to whom may see the resource it is on (security groups are named by name in policies).
    Map<String, SecurityGroup> groupsById = req.authorization().cloudAdmin() ? Map.of()
        : groups.byIds(all.stream().filter(t -> t.resourceType().equals("security-group")).map(Tag::resourceId)
            .collect(java.util.stream.Collectors.toSet()));
    String action = Ec2Permissions.iamAction(req.action());
    XmlWriter x = req.response().start("tagSet");
    for (Tag t : all) {
      boolean keep = (req.authorization().cloudAdmin() || req.authorization().allows(action,
          Ec2Permissions.taggedArn(t.resourceId(), t.resourceType(), groupsById))) && filters.entrySet().stream().allMatch(f -> Glob.matchesAny(f.getValue(), switch (f.getKey()) {
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
