package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists the account's users under a path prefix, a page at a time. */
public final class ListUsersAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public ListUsersAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    Paging paging = Paging.of(req);
    var page = paging.page(iam.users(ctx.account(), req.param("PathPrefix")), u -> u.name());
    XmlWriter x = req.response().start("Users");
    for (var u : page.items()) {
      IamXml.user(x, "member", u);
    }
    return req.finish(page.writeTail(x.end()));
  }
}
