package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.GroupMemberships;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Lists the groups a user is in, a page at a time (the caller's own, or any user's for the account's admin). */
public final class ListGroupsForUserAction implements QueryAction {
  private final IdentityStore identity;
  private final GroupMemberships memberships;

  public ListGroupsForUserAction(IdentityStore identity, GroupMemberships memberships) {
    this.identity = identity;
    this.memberships = memberships;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    Paging paging = Paging.of(req);
    var page = paging.page(memberships.groupsOf(ctx.account(), user), g -> g.name());
    XmlWriter x = req.response().start("Groups");
    for (var g : page.items()) {
      GroupXml.group(x, "member", g);
    }
    return req.finish(page.writeTail(x.end()));
  }
}
