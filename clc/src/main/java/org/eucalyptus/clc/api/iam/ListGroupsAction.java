package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.GroupDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists the account's groups under a path prefix, a page at a time. */
public final class ListGroupsAction implements QueryAction {
  private final IdentityStore identity;
  private final GroupDirectory groups;

  public ListGroupsAction(IdentityStore identity, GroupDirectory groups) {
    this.identity = identity;
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    Paging paging = Paging.of(req);
    var page = paging.page(groups.groups(ctx.account(), req.param("PathPrefix")), g -> g.name());
    XmlWriter x = req.response().start("Groups");
    for (var g : page.items()) {
      GroupXml.group(x, "member", g);
    }
    return req.finish(page.writeTail(x.end()));
  }
}
