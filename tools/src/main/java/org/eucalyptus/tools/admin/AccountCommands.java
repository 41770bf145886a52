package org.eucalyptus.tools.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** euca-admin's account commands: create-account, list-accounts (get-credentials is GetCredentials). */
final class AccountCommands {
  private AccountCommands() {}

  @Command(name = "create-account", mixinStandardHelpOptions = true,
      description = "Create an account (with its admin user); prints its name and number.")
  static final class CreateAccount implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", description = "account name") String name;

    @Override
    public Integer call() throws Exception {
      String resp = credentials.client().euare().call("CreateAccount", Map.of("AccountName", name));
      System.out.println("ACCOUNT\t" + Ec2QueryClient.element(resp, "AccountName") + "\t"
          + Ec2QueryClient.element(resp, "AccountId"));
      return 0;
    }
  }

  @Command(name = "list-accounts", mixinStandardHelpOptions = true, description = "List the cloud's accounts.")
  static final class ListAccounts implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Override
    public Integer call() throws Exception {
      String resp = credentials.client().euare().call("ListAccounts", Map.of());
      List<String> names = Ec2QueryClient.elements(resp, "AccountName");
      List<String> ids = Ec2QueryClient.elements(resp, "AccountId");
      for (int i = 0; i < names.size(); i++) {
        System.out.println("ACCOUNT\t" + names.get(i) + "\t" + ids.get(i));
      }
      return 0;
    }
  }
}
