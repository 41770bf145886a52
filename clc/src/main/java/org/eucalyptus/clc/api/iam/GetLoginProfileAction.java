package org.eucalyptus.clc.api.iam;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;

/**
 * A user's login profile: there is none (this CLC has no password logins), so NoSuchEntity, as IAM
 * answers for a user without one. {@code euare-userdel -r} asks before it deletes a user.
 */
public final class GetLoginProfileAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public GetLoginProfileAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    iam.user(ctx.account(), user);
    throw new ApiException("NoSuchEntity", "Cannot find Login Profile for User " + user,
        HttpResponseStatus.NOT_FOUND);
  }
}
