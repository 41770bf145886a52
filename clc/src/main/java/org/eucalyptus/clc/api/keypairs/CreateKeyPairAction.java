package org.eucalyptus.clc.api.keypairs;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.keypairs.KeyPairStore;

public final class CreateKeyPairAction implements QueryAction {
  private final KeyPairStore keys;

  public CreateKeyPairAction(KeyPairStore keys) {
    this.keys = keys;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String name = KeyNames.check(req.required("KeyName"));
    KeyPairStore.Created c = keys.create(req.caller().accountNumber(), name);
    return req.response()
        .element("keyName", c.keyPair().name())
        .element("keyFingerprint", c.keyPair().fingerprint())
        .element("keyMaterial", c.privateKeyPem())
        .element("keyPairId", c.keyPair().keyPairId())
        .toString();
  }
}
