package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.AccountAliases;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists the account's alias (none or one). */
public final class ListAccountAliasesAction implements QueryAction {
  private final IdentityStore identity;
  private final AccountAliases aliases;

  public ListAccountAliasesAction(IdentityStore identity, AccountAliases aliases) {
    this.identity = identity;
    this.aliases = aliases;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    var page = Paging.of(req).page(aliases.of(ctx.account()), a -> a);
    XmlWriter x = req.response().start("AccountAliases");
    for (String a : page.items()) {
      x.element("member", a);
    }
    return req.finish(page.writeTail(x.end()));
  }
}
