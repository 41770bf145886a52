package org.eucalyptus.clc.console;

import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/** The cloud's accounts, for the cloud's administrator (IAM refuses anyone else): list, create, delete. */
final class AccountsPage {
  private final ConsoleApi api;
  private final Pages pages;

  AccountsPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> accounts = api.iam(r, "ListAccounts", Map.of()).all("ListAccountsResult/Accounts/member")
        .stream().map(a -> Map.<String, Object>of("name", ApiDoc.text(a, "AccountName"), "id", ApiDoc.text(a, "AccountId")))
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
}
