package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.GroupDirectory;
import org.eucalyptus.clc.identity.GroupMemberships;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** A group and its users, a page of users at a time. */
public final class GetGroupAction implements QueryAction {
  private final IdentityStore identity;
  private final GroupDirectory groups;
  private final GroupMemberships memberships;

  public GetGroupAction(IdentityStore identity, GroupDirectory groups, GroupMemberships memberships) {
    this.identity = identity;
    this.groups = groups;
    this.memberships = memberships;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String name = req.required("GroupName");
    Paging paging = Paging.of(req);
    var group = groups.group(ctx.account(), name);
    var page = paging.page(memberships.members(ctx.account(), name), u -> u.name());
    XmlWriter x = req.response();
    GroupXml.group(x, "Group", group);
    x.start("Users");
    for (var u : page.items()) {
      IamXml.user(x, "member", u);
    }
    return req.finish(page.writeTail(x.end()));
  }
}
