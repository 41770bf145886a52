package org.eucalyptus.clc.api.iam;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.PolicyDirectory;
import org.eucalyptus.clc.identity.PolicyDirectory.Owner;
import org.eucalyptus.common.policy.MalformedPolicyException;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * What the user, group and account policy actions share: whose policies a request names and whether
 * the caller may read or change them (through {@link IamContext}), IAM's URL-encoded documents, and
 * the paged list of names.
 */
final class PolicyRequests {
  private PolicyRequests() {}

  /** The user named in UserName (who may read or change its policies, IamPermissions decided). */
  static Owner user(QueryRequest req, IdentityStore identity) throws ApiException {
    IamContext ctx = IamContext.of(req, identity);
    return Owner.user(ctx.account(), req.required("UserName"));
  }

  /** The group named in GroupName. */
  static Owner group(QueryRequest req, IdentityStore identity) throws ApiException {
    IamContext ctx = IamContext.of(req, identity);
    return Owner.group(ctx.account(), req.required("GroupName"));
  }

  /**
   * The account named in AccountName: the cloud administrator changes account policies; an account's
   * admin may read its own account's.
   */
  static Owner account(QueryRequest req, IdentityStore identity, boolean change) throws ApiException {
    IamContext ctx = IamContext.of(req, identity);
    String name = req.required("AccountName");
    if (change) {
      IamContext.requireCloudAdmin(req);
    }
    Account a = identity.findAccount(name).orElse(null);
    if (a == null) {
      if (!change) {
        ctx.requireAdminOfAccount(req, name); // no telling others which accounts exist
      }
      throw new ApiException("NoSuchEntity", "The account " + name + " cannot be found.", HttpResponseStatus.NOT_FOUND);
    }
    ctx.requireAdminOfAccount(req, a.accountNumber());
    return Owner.account(a.accountNumber());
  }

  static ApiException malformed(MalformedPolicyException e) {
    return new ApiException("MalformedPolicyDocument", e.getMessage());
  }

  /**
   * A policy document as IAM returns it: percent-encoded UTF-8 (RFC 3986; a space is %20, never +),
   * which the AWS CLI and boto decode.
   */
  static String urlEncoded(String document) {
    StringBuilder b = new StringBuilder(document.length() * 2);
    for (byte c : document.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return b.toString();
  }

  /** A Get*Policy answer: the owner element (UserName, GroupName or AccountName), the name and the document. */
  static String document(QueryRequest req, String ownerElement, String ownerName, String policyName, String document) {
    XmlWriter x = req.response().element(ownerElement, ownerName).element("PolicyName", policyName)
        .element("PolicyDocument", urlEncoded(document));
    return req.finish(x);
  }

  /** A List*Policies answer: a page of PolicyNames ({@link Paging}: Marker, MaxItems, IsTruncated). */
  static String names(QueryRequest req, List<String> names) throws ApiException {
    var page = Paging.of(req).page(names, n -> n);
    XmlWriter x = req.response().start("PolicyNames");
    for (String n : page.items()) {
      x.element("member", n);
    }
    return req.finish(page.writeTail(x.end()));
  }
}
