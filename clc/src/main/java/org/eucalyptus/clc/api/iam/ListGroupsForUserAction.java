package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IamException;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * Lists the groups a user is in: none, as this CLC keeps no IAM groups. Answered (for a user that
 * exists) because {@code euare-userdel -r} asks before it deletes a user.
 */
public final class ListGroupsForUserAction implements Ec2Action {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public ListGroupsForUserAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    IamContext ctx = IamContext.of(req, identity);
    try {
      iam.user(ctx.account(), ctx.targetUser(req));
      XmlWriter x = req.response().start("Groups").end().element("IsTruncated", "false");
      return req.finish(x);
    } catch (IamException e) {
      throw IamContext.of(e);
    }
  }
}
