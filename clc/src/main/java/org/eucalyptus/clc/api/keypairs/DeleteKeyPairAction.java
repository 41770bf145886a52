package org.eucalyptus.clc.api.keypairs;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.keypairs.KeyPairStore;

public final class DeleteKeyPairAction implements Ec2Action {
  private final KeyPairStore keys;

  public DeleteKeyPairAction(KeyPairStore keys) {
    this.keys = keys;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    keys.delete(req.caller().accountNumber(), req.required("KeyName"));
    return req.response().element("return", "true").toString();
  }
}
