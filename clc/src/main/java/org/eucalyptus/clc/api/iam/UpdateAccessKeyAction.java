package org.eucalyptus.clc.api.iam;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Makes an access key Active or Inactive. */
public final class UpdateAccessKeyAction implements QueryAction {
  private final IdentityStore identity;
  private final IamDirectory iam;

  public UpdateAccessKeyAction(IdentityStore identity, IamDirectory iam) {
    this.identity = identity;
    this.iam = iam;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    IamContext ctx = IamContext.of(req, identity);
    String status = req.required("Status");
    if (!status.equals("Active") && !status.equals("Inactive")) {
      throw new ApiException("ValidationError", "Status is Active or Inactive");
    }
    iam.updateAccessKey(ctx.account(), ctx.targetUser(req), req.required("AccessKeyId"), status.equals("Active"));
    return req.finish(req.response());
  }
}
