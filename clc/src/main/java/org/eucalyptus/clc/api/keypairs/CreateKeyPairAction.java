package org.eucalyptus.clc.api.keypairs;

import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;
import org.eucalyptus.clc.keypairs.KeyPairStore;

public final class CreateKeyPairAction implements Ec2Action {
  private final KeyPairStore keys;

  public CreateKeyPairAction(KeyPairStore keys) {
    this.keys = keys;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    String name = KeyNames.check(req.required("KeyName"));
    KeyPairStore.Created c;
    try {
      c = keys.create(req.caller().accountNumber(), name);
    } catch (KeyPairStore.DuplicateException e) {
      throw new Ec2Exception("InvalidKeyPair.Duplicate", e.getMessage());
    }
    return req.response()
        .element("keyName", c.keyPair().name())
        .element("keyFingerprint", c.keyPair().fingerprint())
        .element("keyMaterial", c.privateKeyPem())
        .element("keyPairId", c.keyPair().keyPairId())
        .toString();
  }
}
