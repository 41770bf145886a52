package org.eucalyptus.clc.api.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eucalyptus.clc.api.ApiErrors;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamPaths;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.common.policy.Authorization;

/**
 * What every IAM action is checked against before it runs: {@code iam:} and the action's name,
 * on the one resource its parameters name, found the same way for every action. A request that
 * names a group ({@code GroupName}) acts on the group, else one that names a user
 * ({@code UserName}) on the user, each by its ARN with its path (from the database, or the
 * request's {@code Path} for what does not exist yet); an action that IAM applies to the caller
 * when no user is named (its keys, certificates, login profile, policies, groups) acts on the
 * caller's own user; anything else on the account ({@code arn:aws:iam::ACCOUNT:root}).
 *
 * <p>The cloud administrator may do anything, in any account ({@code DelegateAccount}); accounts
 * and their policies are its alone. An account's admin passes as its {@link Authorization} says
 * (anything its account's policies do not deny); any other user only what its policies allow.
 */
public final class IamPermissions {
  /** Eucalyptus's actions on accounts, which only the cloud administrator may call. */
  private static final Set<String> CLOUD_ADMIN_ONLY = Set.of("CreateAccount", "DeleteAccount", "ListAccounts",
      "PutAccountPolicy", "DeleteAccountPolicy");

  /** Actions that act on the caller's own user when they name none, as IAM's do. */
  private static final Pattern ON_CALLER_BY_DEFAULT = Pattern.compile(
      "GetUser|ListGroupsForUser|ChangePassword|.*(AccessKeys?|SigningCertificates?|LoginProfile|UserPolic(y|ies)"
          + "|SSHPublicKeys?|MFADevices?)");

  private final IamPaths paths;

  public IamPermissions(IamPaths paths) {
    this.paths = paths;
  }

  /** {@code actions}, each checked before it runs. */
  public Map<String, QueryAction> guard(Map<String, QueryAction> actions) {
    Map<String, QueryAction> out = new LinkedHashMap<>();
    actions.forEach((name, action) -> out.put(name, req -> {
      check(req);
      return action.execute(req);
    }));
    return out;
  }

  private void check(QueryRequest req) throws ApiException {
    Authorization a = req.authorization();
    if (a.cloudAdmin()) {
      return;
    }
    if (req.param("DelegateAccount") != null) {
      throw ApiErrors.accessDenied("Only the cloud administrator may act for another account");
    }
    if (CLOUD_ADMIN_ONLY.contains(req.action())) {
      throw ApiErrors.accessDenied("Only the cloud administrator may call " + req.action());
    }
    String action = "iam:" + req.action();
    String resource = resource(req);
    if (!a.allows(action, resource)) {
      throw ApiErrors.accessDenied("User: " + callerArn(req.caller()) + " is not authorized to perform: " + action
          + " on resource: " + resource);
    }
  }

  /** The ARN of what a request acts on (in the caller's account: delegation is the cloud administrator's). */
  String resource(QueryRequest req) {
    String account = req.caller().accountNumber();
    String path = req.param("Path") == null ? "/" : req.param("Path");
    String group = req.param("GroupName");
    if (group != null) {
      return Arns.iamGroup(account, paths.group(account, group).orElse(path), group);
    }
    String user = req.param("UserName");
    if (user != null) {
      return Arns.iamUser(account, paths.user(account, user).orElse(path), user);
    }
    if (ON_CALLER_BY_DEFAULT.matcher(req.action()).matches()) {
      return callerArn(req.caller());
    }
    return Arns.iamAccount(account);
  }

  private String callerArn(Caller c) {
    return Arns.iamUser(c.accountNumber(), paths.user(c.accountNumber(), c.userName()).orElse("/"), c.userName());
  }
}
