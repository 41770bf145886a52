package org.eucalyptus.clc.console;

import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/**
 * The cloud's accounts, for the cloud's administrator (IAM refuses anyone else): list, create, delete,
 * and each account's own policies, which is where an account's quotas are (Limit statements).
 */
final class AccountsPage {
  private final ConsoleApi api;
  private final PolicyEditor policies;
  private final Pages pages;

  AccountsPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.policies = new PolicyEditor(api);
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> accounts = api.iam(r, "ListAccounts", Map.of()).all("ListAccountsResult/Accounts/member")
        .stream().map(a -> Map.<String, Object>of("name", ApiDoc.text(a, "AccountName"), "id", ApiDoc.text(a, "AccountId"),
            "link", link(ApiDoc.text(a, "AccountName"))))
        .toList();
    return pages.render("accounts", r, Map.of("accounts", accounts));
  }

  Done create(ConsoleRequest r) throws ApiException {
    api.iam(r, "CreateAccount", Map.of("AccountName", r.field("name")));
    return new Done("Created account " + r.field("name") + ".", ConsoleService.PATH + "/accounts");
  }

  Done delete(ConsoleRequest r) throws ApiException {
    api.iam(r, "DeleteAccount", Map.of("AccountName", r.field("name"), "Recursive", "true"));
    return new Done("Deleted account " + r.field("name") + ".", ConsoleService.PATH + "/accounts");
  }

  /** One account: its policies and quotas. */
  byte[] account(ConsoleRequest r, String name, Map<String, Object> editing) throws ApiException {
    Map<String, Object> model = policies.model(r, PolicyEditor.Holder.ACCOUNT, name, ConsoleService.PATH + "/accounts",
        editing);
    model.put("name", name);
    return pages.render("account", r, model);
  }

  Object putPolicy(ConsoleRequest r) throws ApiException {
    String name = r.field("name");
    return policies.put(r, PolicyEditor.Holder.ACCOUNT, editing -> account(r, name, editing), link(name));
  }

  Done deletePolicy(ConsoleRequest r) throws ApiException {
    return policies.delete(r, PolicyEditor.Holder.ACCOUNT, link(r.field("name")));
  }

  static String link(String account) {
    return ConsoleService.PATH + "/accounts/account?name=" + java.net.URLEncoder.encode(account,
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
