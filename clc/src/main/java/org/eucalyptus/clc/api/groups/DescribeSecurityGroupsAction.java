package org.eucalyptus.clc.api.groups;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.api.TagFilters;
import org.eucalyptus.clc.api.instances.InstanceXml;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.clc.groups.Permission;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.common.xml.XmlWriter;

public final class DescribeSecurityGroupsAction implements QueryAction {
  private static final Set<String> FILTERS = Set.of("group-name", "group-id", "description", "owner-id",
      "ip-permission.protocol", "ip-permission.from-port", "ip-permission.to-port", "ip-permission.cidr",
      "ip-permission.group-name", "ip-permission.group-id");

  private final SecurityGroupStore groups;
  private final TagStore tags;

  public DescribeSecurityGroupsAction(SecurityGroupStore groups, TagStore tags) {
    this.groups = groups;
    this.tags = tags;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    String account = req.caller().accountNumber();
    groups.ensureDefault(account);
    List<String> names = req.list("GroupName");
    List<String> ids = req.list("GroupId");
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!FILTERS.contains(f) && !TagFilters.isTagFilter(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    for (String id : ids) {
      GroupRefs.byId(groups, req.caller(), id);
    }
    List<SecurityGroup> all = groups.list(account);
    Set<String> missing = new LinkedHashSet<>(names);
    all.forEach(g -> missing.remove(g.name()));
    if (!missing.isEmpty()) {
      throw new ApiException("InvalidGroup.NotFound",
          "The security group '" + String.join("', '", missing) + "' does not exist");
    }
    List<SecurityGroup> chosen = new ArrayList<>();
    for (SecurityGroup g : all) {
      if (((names.isEmpty() && ids.isEmpty()) || names.contains(g.name()) || ids.contains(g.groupId()))
          && Ec2Permissions.visible(req, Arns.SECURITY_GROUP, g.name())) {
        chosen.add(g);
      }
    }
    Map<String, List<Permission>> rules = groups.rules(chosen.stream().map(SecurityGroup::groupId).toList());
    Set<String> sourceIds = new HashSet<>();
    rules.values().forEach(ps -> ps.stream().filter(p -> p.sourceGroupId() != null)
        .forEach(p -> sourceIds.add(p.sourceGroupId())));
    Map<String, SecurityGroup> sources = groups.byIds(sourceIds);
    Map<String, Map<String, String>> tagsById = tags.of(chosen.stream().map(SecurityGroup::groupId).toList());

    XmlWriter x = req.response().start("securityGroupInfo");
    for (SecurityGroup g : chosen) {
      List<Permission> ps = rules.get(g.groupId());
      Map<String, String> groupTags = tagsById.getOrDefault(g.groupId(), Map.of());
      if (!matches(filters, g, ps, sources) || !TagFilters.matches(filters, groupTags)) {
        continue;
      }
      x.start("item").element("ownerId", g.accountNumber()).element("groupId", g.groupId())
          .element("groupName", g.name()).element("groupDescription", g.description())
          .start("ipPermissions");
      // EC2 groups the rules by protocol and ports, listing their sources together.
      Map<String, List<Permission>> byPorts = new LinkedHashMap<>();
      ps.forEach(p -> byPorts.computeIfAbsent(p.protocol() + "/" + p.fromPort() + "/" + p.toPort(),
          k -> new ArrayList<>()).add(p));
      for (List<Permission> same : byPorts.values()) {
        Permission first = same.get(0);
        x.start("item").element("ipProtocol", first.protocol());
        if (!first.protocol().equals("-1")) {
          x.element("fromPort", first.fromPort()).element("toPort", first.toPort());
        }
        x.start("groups");
        for (Permission p : same) {
          if (p.sourceGroupId() != null) {
            SecurityGroup src = sources.get(p.sourceGroupId());
            x.start("item").element("userId", src == null ? "" : src.accountNumber())
                .element("groupId", p.sourceGroupId()).element("groupName", src == null ? null : src.name()).end();
          }
        }
        x.end().start("ipRanges");
        for (Permission p : same) {
          if (p.cidr() != null) {
            x.start("item").element("cidrIp", p.cidr()).end();
          }
        }
        x.end().end();
      }
      x.end().empty("ipPermissionsEgress");
      InstanceXml.tags(x, groupTags);
      x.end();
    }
    return x.toString();
  }

  private static boolean matches(Map<String, List<String>> filters, SecurityGroup g, List<Permission> ps,
      Map<String, SecurityGroup> sources) {
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      List<String> v = f.getValue();
      boolean ok = switch (f.getKey()) {
        case "group-name" -> Glob.matchesAny(v, g.name());
        case "group-id" -> Glob.matchesAny(v, g.groupId());
        case "description" -> Glob.matchesAny(v, g.description());
        case "owner-id" -> Glob.matchesAny(v, g.accountNumber());
        case "ip-permission.protocol" -> ps.stream().anyMatch(p -> Glob.matchesAny(v, p.protocol()));
        case "ip-permission.from-port" -> ps.stream().anyMatch(p -> Glob.matchesAny(v, String.valueOf(p.fromPort())));
        case "ip-permission.to-port" -> ps.stream().anyMatch(p -> Glob.matchesAny(v, String.valueOf(p.toPort())));
        case "ip-permission.cidr" -> ps.stream().anyMatch(p -> p.cidr() != null && Glob.matchesAny(v, p.cidr()));
        case "ip-permission.group-id" -> ps.stream()
            .anyMatch(p -> p.sourceGroupId() != null && Glob.matchesAny(v, p.sourceGroupId()));
        case "ip-permission.group-name" -> ps.stream().anyMatch(p -> p.sourceGroupId() != null
            && sources.containsKey(p.sourceGroupId()) && Glob.matchesAny(v, sources.get(p.sourceGroupId()).name()));
        default -> true; // tag filters are checked on their own
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
