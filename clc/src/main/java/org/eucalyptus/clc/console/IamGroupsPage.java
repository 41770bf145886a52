package org.eucalyptus.clc.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/**
 * An account's IAM groups, for whoever may manage them: the list, create and delete; each group's
 * members (add, remove) and its policies, quotas among them, which its members are held to.
 */
final class IamGroupsPage {
  private final ConsoleApi api;
  private final PolicyEditor policies;
  private final Pages pages;

  IamGroupsPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.policies = new PolicyEditor(api);
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Element g : api.iam(r, "ListGroups", Map.of()).all("ListGroupsResult/Groups/member")) {
      groups.add(Map.of("name", ApiDoc.text(g, "GroupName"), "id", ApiDoc.text(g, "GroupId"), "path",
          ApiDoc.text(g, "Path"), "link", link(ApiDoc.text(g, "GroupName"))));
    }
    return pages.render("iamgroups", r, Map.of("groups", groups, "none", groups.isEmpty()));
  }

  Done create(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    api.iam(r, "CreateGroup", Map.of("GroupName", name));
    return new Done("Created group " + name + ".", ConsoleService.PATH + "/iamgroups");
  }

  Done delete(ConsoleRequest r) throws ApiException {
    api.iam(r, "DeleteGroup", Map.of("GroupName", r.field("name")));
    return new Done("Deleted group " + r.field("name") + ".", ConsoleService.PATH + "/iamgroups");
  }

  /** One group: its members, the account's other users to add, and its policies. */
  byte[] group(ConsoleRequest r, String name, Map<String, Object> editing) throws ApiException {
    List<String> members = new ArrayList<>();
    for (Element u : api.iam(r, "GetGroup", Map.of("GroupName", name)).all("GetGroupResult/Users/member")) {
      members.add(ApiDoc.text(u, "UserName"));
    }
    List<String> others = new ArrayList<>();
    for (Element u : api.iam(r, "ListUsers", Map.of()).all("ListUsersResult/Users/member")) {
      String user = ApiDoc.text(u, "UserName");
      if (!members.contains(user)) {
        others.add(user);
      }
    }
    Map<String, Object> model = policies.model(r, PolicyEditor.Holder.GROUP, name, ConsoleService.PATH + "/iamgroups",
        editing);
    model.put("name", name);
    model.put("members", members.stream().map(m -> Map.of("user", m)).toList());
    model.put("others", others.stream().map(m -> Map.of("user", m)).toList());
    return pages.render("iamgroup", r, model);
  }

  Done addUser(ConsoleRequest r) throws ApiException {
    api.iam(r, "AddUserToGroup", Map.of("GroupName", r.field("name"), "UserName", r.field("user")));
    return new Done("Added " + r.field("user") + " to " + r.field("name") + ".", link(r.field("name")));
  }

  Done removeUser(ConsoleRequest r) throws ApiException {
    api.iam(r, "RemoveUserFromGroup", Map.of("GroupName", r.field("name"), "UserName", r.field("user")));
    return new Done("Removed " + r.field("user") + " from " + r.field("name") + ".", link(r.field("name")));
  }

  Object putPolicy(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    return policies.put(r, PolicyEditor.Holder.GROUP, editing -> group(r, name, editing), link(name));
  }

  Done deletePolicy(ConsoleRequest r) throws ApiException {
    return policies.delete(r, PolicyEditor.Holder.GROUP, link(r.field("name")));
  }

  static String link(String group) {
    return ConsoleService.PATH + "/iamgroups/group?name=" + URLEncoder.encode(group, StandardCharsets.UTF_8);
  }
}
