package org.eucalyptus.clc.api.iam;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IamException;
import org.eucalyptus.clc.identity.IdentityStore;

/**
 * A user's login profile: there is none (this CLC has no password logins), so NoSuchEntity, as IAM
 * answers for a user without one. {@code euare-userdel -r} asks before it deletes a user.
 */
public final class GetLoginProfileAction implements Ec2Action {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public GetLoginProfileAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    IamContext ctx = IamContext.of(req, identity);
    String user = ctx.targetUser(req);
    try {
      iam.user(ctx.account(), user);
    } catch (IamException e) {
      throw IamContext.of(e);
    }
    throw new Ec2Exception("NoSuchEntity", "Cannot find Login Profile for User " + user,
        HttpResponseStatus.NOT_FOUND);
  }
}
