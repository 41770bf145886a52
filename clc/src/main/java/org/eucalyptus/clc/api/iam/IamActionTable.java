package org.eucalyptus.clc.api.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.identity.AccountDeletion;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;

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
    // No IAM policies or login profiles here: these answer that there are none, as
    // euare-userdel -r asks for them before it deletes a user.
    t.put("ListUserPolicies", new EmptyUserListAction(identity, iam, "PolicyNames"));
    t.put("GetLoginProfile", new GetLoginProfileAction(identity, iam));
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
    return t;
  }
}
