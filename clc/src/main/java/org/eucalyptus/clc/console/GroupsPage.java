package org.eucalyptus.clc.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/** Security groups and their ingress rules: list, create, delete, authorize and revoke a rule. */
final class GroupsPage {
  private final ConsoleApi api;
  private final Pages pages;

  GroupsPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Element g : api.ec2(r, "DescribeSecurityGroups", Map.of()).all("securityGroupInfo/item")) {
      String name = ApiDoc.text(g, "groupName");
      List<Map<String, Object>> rules = new ArrayList<>();
      for (Element p : ApiDoc.all(g, "ipPermissions/item")) {
        String protocol = ApiDoc.text(p, "ipProtocol");
        String from = ApiDoc.text(p, "fromPort");
        String to = ApiDoc.text(p, "toPort");
        for (Element c : ApiDoc.all(p, "ipRanges/item")) {
          rules.add(rule(name, protocol, from, to, ApiDoc.text(c, "cidrIp"), null, null));
        }
        for (Element s : ApiDoc.all(p, "groups/item")) {
          rules.add(rule(name, protocol, from, to, null, ApiDoc.text(s, "userId"), ApiDoc.text(s, "groupName")));
        }
      }
      Map<String, Object> m = new HashMap<>();
      m.put("name", name);
      m.put("id", ApiDoc.text(g, "groupId"));
      m.put("description", ApiDoc.text(g, "groupDescription"));
      m.put("rules", rules);
      m.put("open", rules.isEmpty());
      groups.add(m);
    }
    return pages.render("groups", r, Map.of("groups", groups));
  }

  private static Map<String, Object> rule(String group, String protocol, String from, String to, String cidr,
      String sourceOwner, String sourceGroup) {
    Map<String, Object> m = new HashMap<>();
    m.put("group", group);
    m.put("protocol", protocol);
    m.put("from", from);
    m.put("to", to);
    m.put("source", cidr != null ? cidr : sourceOwner + "/" + sourceGroup);
    m.put("cidr", cidr == null ? "" : cidr);
    m.put("sourceGroup", sourceGroup == null ? "" : sourceGroup);
    m.put("sourceOwner", sourceOwner == null ? "" : sourceOwner);
    return m;
  }

  String create(ConsoleRequest r) throws ApiException {
    api.ec2(r, "CreateSecurityGroup", Map.of("GroupName", r.field("name"), "GroupDescription", r.field("description")));
    return "Created security group " + r.field("name") + ".";
  }

  String delete(ConsoleRequest r) throws ApiException {
    api.ec2(r, "DeleteSecurityGroup", Map.of("GroupName", r.field("name")));
    return "Deleted security group " + r.field("name") + ".";
  }

  String authorize(ConsoleRequest r) throws ApiException {
    api.ec2(r, "AuthorizeSecurityGroupIngress", ruleParams(r));
    return "Authorized " + describe(r) + " into " + r.field("name") + ".";
  }

  String revoke(ConsoleRequest r) throws ApiException {
    api.ec2(r, "RevokeSecurityGroupIngress", ruleParams(r));
    return "Revoked " + describe(r) + " from " + r.field("name") + ".";
  }

  private static Map<String, String> ruleParams(ConsoleRequest r) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("GroupName", r.field("name"));
    p.put("IpPermissions.1.IpProtocol", r.field("protocol"));
    p.put("IpPermissions.1.FromPort", r.field("from"));
    p.put("IpPermissions.1.ToPort", r.field("to"));
    if (!r.field("sourceGroup").isEmpty()) {
      p.put("IpPermissions.1.Groups.1.GroupName", r.field("sourceGroup"));
      if (!r.field("sourceOwner").isEmpty()) {
        p.put("IpPermissions.1.Groups.1.UserId", r.field("sourceOwner"));
      }
    } else {
      p.put("IpPermissions.1.IpRanges.1.CidrIp", r.field("cidr").isEmpty() ? "0.0.0.0/0" : r.field("cidr"));
    }
    return p;
  }

  private static String describe(ConsoleRequest r) {
    String source = r.field("sourceGroup").isEmpty() ? (r.field("cidr").isEmpty() ? "0.0.0.0/0" : r.field("cidr"))
        : "group " + r.field("sourceGroup");
    return r.field("protocol") + " " + r.field("from") + "-" + r.field("to") + " from " + source;
  }
}
