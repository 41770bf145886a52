package org.eucalyptus.clc.api.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.identity.AccountDeletion;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IamPaths;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.LoginProfiles;
import org.eucalyptus.clc.identity.PasswordHashes;
import org.eucalyptus.clc.identity.PolicyDirectory;

/** Every IAM (Euare) action the cloud controller answers, in one table. */
public final class IamActionTable {
  private IamActionTable() {}

  public static Map<String, QueryAction> actions(IdentityStore identity, IamDirectory iam, AccountDeletion deletion) {
    Map<String, QueryAction> t = new LinkedHashMap<>();
    t.put("CreateAccount", new CreateAccountAction(identity));
    t.put("ListAccounts", new ListAccountsAction(identity));
    t.put("DeleteAccount", new DeleteAccountAction(deletion));
    t.put("CreateUser", new CreateUserAction(identity, iam));
    t.put("DeleteUser", new DeleteUserAction(identity, iam));
    t.put("ListUsers", new ListUsersAction(identity, iam));
    t.put("GetUser", new GetUserAction(identity, iam));
    t.put("CreateAccessKey", new CreateAccessKeyAction(identity, iam));
    t.put("DeleteAccessKey", new DeleteAccessKeyAction(identity, iam));
    t.put("UpdateAccessKey", new UpdateAccessKeyAction(identity, iam));
    t.put("ListAccessKeys", new ListAccessKeysAction(identity, iam));
    t.put("CreateSigningCertificate", new CreateSigningCertificateAction(identity, iam));
    t.put("ListSigningCertificates", new ListSigningCertificatesAction(identity, iam));
    t.put("DeleteSigningCertificate",
        new DeleteSigningCertificateAction(identity, iam));
    // Policies of users, groups and accounts, and login profiles (issue 18, h-policies). These
    // replace the stubs that answered ListUserPolicies and GetLoginProfile with nothing.
    PolicyDirectory policies = new PolicyDirectory(identity);
    t.put("PutUserPolicy", new PutUserPolicyAction(identity, policies));
    t.put("GetUserPolicy", new GetUserPolicyAction(identity, policies));
    t.put("ListUserPolicies", new ListUserPoliciesAction(identity, policies));
    t.put("DeleteUserPolicy", new DeleteUserPolicyAction(identity, policies));
    t.put("PutGroupPolicy", new PutGroupPolicyAction(identity, policies));
    t.put("GetGroupPolicy", new GetGroupPolicyAction(identity, policies));
    t.put("ListGroupPolicies", new ListGroupPoliciesAction(identity, policies));
    t.put("DeleteGroupPolicy", new DeleteGroupPolicyAction(identity, policies));
    t.put("PutAccountPolicy", new PutAccountPolicyAction(identity, policies));
    t.put("GetAccountPolicy", new GetAccountPolicyAction(identity, policies));
    t.put("ListAccountPolicies", new ListAccountPoliciesAction(identity, policies));
    t.put("DeleteAccountPolicy", new DeleteAccountPolicyAction(identity, policies));
    LoginProfiles logins = new LoginProfiles(identity, new PasswordHashes());
    t.put("CreateLoginProfile", new CreateLoginProfileAction(identity, logins));
    t.put("GetLoginProfile", new GetLoginProfileAction(identity, logins));
    t.put("UpdateLoginProfile", new UpdateLoginProfileAction(identity, logins));
    t.put("DeleteLoginProfile", new DeleteLoginProfileAction(identity, logins));
    // Groups, user updates, account aliases and the account summary (issue 18, h-groups).
    var groupDirectory = new org.eucalyptus.clc.identity.GroupDirectory(identity);
    var groupMemberships = new org.eucalyptus.clc.identity.GroupMemberships(identity);
    var accountAliases = new org.eucalyptus.clc.identity.AccountAliases(identity);
    t.put("CreateGroup", new CreateGroupAction(identity, groupDirectory));
    t.put("GetGroup", new GetGroupAction(identity, groupDirectory, groupMemberships));
    t.put("ListGroups", new ListGroupsAction(identity, groupDirectory));
    t.put("UpdateGroup", new UpdateGroupAction(identity, groupDirectory));
    t.put("DeleteGroup", new DeleteGroupAction(identity, groupDirectory));
    t.put("AddUserToGroup", new AddUserToGroupAction(identity, groupMemberships));
    t.put("RemoveUserFromGroup", new RemoveUserFromGroupAction(identity, groupMemberships));
    t.put("ListGroupsForUser", new ListGroupsForUserAction(identity, groupMemberships));
    t.put("UpdateUser", new UpdateUserAction(identity, new org.eucalyptus.clc.identity.UserUpdate(identity)));
    t.put("CreateAccountAlias", new CreateAccountAliasAction(identity, accountAliases));
    t.put("DeleteAccountAlias", new DeleteAccountAliasAction(identity, accountAliases));
    t.put("ListAccountAliases", new ListAccountAliasesAction(identity, accountAliases));
    t.put("GetAccountSummary", new GetAccountSummaryAction(identity,
        new org.eucalyptus.clc.identity.AccountSummary(identity)));
    // Every action is checked against the caller's policies before it runs (IamPermissions, issue 18).
    return new IamPermissions(new IamPaths(identity)).guard(t);
  }
}
