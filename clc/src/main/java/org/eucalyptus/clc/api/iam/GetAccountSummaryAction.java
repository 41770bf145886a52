package org.eucalyptus.clc.api.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.AccountSummary;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * The account's IAM summary (SummaryMap, AWS's keys), with UsersQuota and GroupsQuota where the
 * account's quota policies set them.
 */
public final class GetAccountSummaryAction implements QueryAction {
  private final IdentityStore identity;
  private final AccountSummary summary;

  public GetAccountSummaryAction(IdentityStore identity, AccountSummary summary) {
    this.identity = identity;
    this.summary = summary;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    IamContext ctx = IamContext.of(req, identity);
    Map<String, Long> entries = new LinkedHashMap<>(summary.of(ctx.account()));
    quota(entries, "UsersQuota", req.authorization().limits("iam:CreateUser", Quotas.USER_NUMBER).account());
    quota(entries, "GroupsQuota", req.authorization().limits("iam:CreateGroup", Quotas.GROUP_NUMBER).account());
    XmlWriter x = req.response().start("SummaryMap");
    for (Map.Entry<String, Long> e : entries.entrySet()) {
      x.start("entry").element("key", e.getKey()).element("value", Long.toString(e.getValue())).end();
    }
    return req.finish(x.end());
  }

  private static void quota(Map<String, Long> entries, String key, OptionalLong limit) {
    limit.ifPresent(n -> entries.put(key, n));
  }
}
