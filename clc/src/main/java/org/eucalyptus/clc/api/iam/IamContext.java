package org.eucalyptus.clc.api.iam;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;

/**
 * Whose account an IAM request acts in, and which user it names: the cloud administrator may act
 * in any account by naming it in {@code DelegateAccount} (Eucalyptus's way). What the caller may
 * do there its policies decide, before the action runs ({@link IamPermissions}).
 */
record IamContext(String account, String callerUser) {

  static IamContext of(QueryRequest req, IdentityStore identity) throws ApiException {
    String delegate = req.param("DelegateAccount");
    if (delegate != null) {
      if (!req.caller().admin()) {
        throw denied("Only the cloud administrator may act for another account");
      }
      Account a = identity.findAccount(delegate).orElseThrow(() ->
          new ApiException("NoSuchEntity", "The account " + delegate + " cannot be found.", HttpResponseStatus.NOT_FOUND));
      return new IamContext(a.accountNumber(), null);
    }
    return new IamContext(req.caller().accountNumber(), req.caller().userName());
  }

  /** The user a request names in UserName, or the caller itself. */
  String targetUser(QueryRequest req) throws ApiException {
    String name = req.param("UserName");
    if (name == null) {
      if (callerUser == null) {
        throw ApiException.missing("UserName");
      }
      return callerUser;
    }
    return name;
  }

  /** Account policies: only the cloud administrator changes them (IamPermissions checks it first too). */
  static void requireCloudAdmin(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw denied("Only the cloud administrator may do this");
    }
  }

  /**
   * An account named in AccountName must be the caller's own (what its policies were checked
   * against), unless the caller is the cloud administrator.
   */
  void requireAdminOfAccount(QueryRequest req, String accountNumber) throws ApiException {
    if (!req.caller().admin() && !account.equals(accountNumber)) {
      throw denied("Only the cloud administrator may read another account's policies");
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
    return org.eucalyptus.clc.api.ApiErrors.accessDenied(message);
  }
}
