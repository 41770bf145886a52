package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * A list of a user's things this CLC does not keep (ListGroupsForUser's Groups): empty, for a user
 * that exists. Answered because
 * {@code euare-userdel -r} asks before it deletes a user.
 */
public final class EmptyUserListAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;
  private final String listElement;

  public EmptyUserListAction(IdentityStore identity, IamDirectory iam, String listElement) {
    this.identity = identity;
    this.iam = iam;
    this.listElement = listElement;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    iam.user(ctx.account(), ctx.targetUser(req));
    XmlWriter x = req.response().start(listElement).end().element("IsTruncated", "false");
    return req.finish(x);
  }
}
