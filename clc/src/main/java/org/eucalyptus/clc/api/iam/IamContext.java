package org.eucalyptus.clc.api.iam;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.User;

/**
 * Whose account an IAM request acts in, and what the caller may do there. A user manages its own
 * keys and certificates; the account's admin manages every user of the account; the cloud
 * administrator may act in any account by naming it in {@code DelegateAccount} (Eucalyptus's way).
 */
record IamContext(String account, String callerUser, boolean accountAdmin) {

  static IamContext of(QueryRequest req, IdentityStore identity) throws ApiException {
    String delegate = req.param("DelegateAccount");
    if (delegate != null) {
      if (!req.caller().admin()) {
        throw denied("Only the cloud administrator may act for another account");
      }
      Account a = identity.findAccount(delegate).orElseThrow(() ->
          new ApiException("NoSuchEntity", "The account " + delegate + " cannot be found.", HttpResponseStatus.NOT_FOUND));
      return new IamContext(a.accountNumber(), null, true);
    }
    return new IamContext(req.caller().accountNumber(), req.caller().userName(),
        req.caller().userName().equals(User.ADMIN));
  }

  /** The user a request names in UserName, or the caller itself. Others' users need the account's admin. */
  String targetUser(QueryRequest req) throws ApiException {
    String name = req.param("UserName");
    if (name == null) {
      if (callerUser == null) {
        throw ApiException.missing("UserName");
      }
      return callerUser;
    }
    if (!accountAdmin && !name.equals(callerUser)) {
      throw denied("User " + callerUser + " is not authorized to manage user " + name);
    }
    return name;
  }

  void requireAccountAdmin() throws ApiException {
    if (!accountAdmin) {
      throw denied("Only the account's admin user may do this");
    }
  }

  // Account policies (issue 18, h-policies): only the cloud administrator sets them; an account's
  // admin may read its own account's.
  static void requireCloudAdmin(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw denied("Only the cloud administrator may do this");
    }
  }

  void requireAdminOfAccount(QueryRequest req, String accountNumber) throws ApiException {
    if (!req.caller().admin() && !(accountAdmin && account.equals(accountNumber))) {
      throw denied("Only the cloud administrator or the account's admin user may do this");
    }
  }

  /** A boolean parameter: absent is false; anything but true or false is a ValidationError. */
  static boolean flag(QueryRequest req, String name) throws ApiException {
    String v = req.param(name);
    if (v == null || v.equalsIgnoreCase("false")) {
      return false;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    throw new ApiException("ValidationError", name + " is true or false, not '" + v + "'");
  }

  static ApiException denied(String message) {
    return new ApiException("AccessDenied", message, HttpResponseStatus.FORBIDDEN);
  }
}
