package org.eucalyptus.clc.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/**
 * An account's users, for whoever may manage them (the account's admin, or a user whose policies allow
 * IAM's actions): the list, a new user with a console password, and each user's password and policies.
 * The policy editor keeps what was typed when IAM refuses it, with IAM's words on where it is wrong.
 */
final class UsersPage {
  private final ConsoleApi api;
  private final PolicyEditor policies;
  private final Pages pages;

  UsersPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.policies = new PolicyEditor(api);
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> users = new ArrayList<>();
    for (Element u : api.iam(r, "ListUsers", Map.of()).all("ListUsersResult/Users/member")) {
      users.add(Map.of("name", ApiDoc.text(u, "UserName"), "id", ApiDoc.text(u, "UserId"), "path", ApiDoc.text(u, "Path"),
          "created", ApiDoc.text(u, "CreateDate"), "link", link(ApiDoc.text(u, "UserName"))));
    }
    return pages.render("users", r, Map.of("users", users));
  }

  Done create(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    api.iam(r, "CreateUser", Map.of("UserName", name));
    String password = r.form().getOrDefault("password", "");
    if (!password.isEmpty()) {
      api.iam(r, "CreateLoginProfile", Map.of("UserName", name, "Password", password));
    }
    return new Done("Created user " + name + (password.isEmpty() ? "." : ", who may sign in to the console."),
        ConsoleService.PATH + "/users");
  }

  Done delete(ConsoleRequest r) throws ApiException {
    api.iam(r, "DeleteUser", Map.of("UserName", r.field("name")));
    return new Done("Deleted user " + r.field("name") + ".", ConsoleService.PATH + "/users");
  }

  /** One user: their console password and their policies; {@code editing} keeps a refused policy's text. */
  byte[] user(ConsoleRequest r, String name, Map<String, Object> editing) throws ApiException {
    boolean hasPassword;
    try {
      api.iam(r, "GetLoginProfile", Map.of("UserName", name));
      hasPassword = true;
    } catch (ApiException e) {
      if (!e.code().equals("NoSuchEntity")) {
        throw e;
      }
      hasPassword = false;
    }
    Map<String, Object> model = policies.model(r, PolicyEditor.Holder.USER, name, ConsoleService.PATH + "/users", editing);
    model.put("name", name);
    model.put("hasPassword", hasPassword);
    return pages.render("user", r, model);
  }

  Done password(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    String password = r.form().getOrDefault("password", "");
    boolean has = r.field("hasPassword").equals("true");
    api.iam(r, has ? "UpdateLoginProfile" : "CreateLoginProfile", Map.of("UserName", name, "Password", password));
    return new Done("Set the console password of " + name + ".", link(name));
  }

  Done removePassword(ConsoleRequest r) throws ApiException {
    api.iam(r, "DeleteLoginProfile", Map.of("UserName", r.field("name")));
    return new Done(r.field("name") + " may no longer sign in to the console.", link(r.field("name")));
  }

  /** Puts the policy; refused, the user's page again with the text kept and IAM's reason. */
  Object putPolicy(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    return policies.put(r, PolicyEditor.Holder.USER, editing -> user(r, name, editing), link(name));
  }

  Done deletePolicy(ConsoleRequest r) throws ApiException {
    return policies.delete(r, PolicyEditor.Holder.USER, link(r.field("name")));
  }

  static String link(String user) {
    return ConsoleService.PATH + "/users/user?name=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
  }
}
