package org.eucalyptus.clc.api.keypairs;

import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.keypairs.KeyPairStore;

public final class DeleteKeyPairAction implements QueryAction {
  private final KeyPairStore keys;

  public DeleteKeyPairAction(KeyPairStore keys) {
    this.keys = keys;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    keys.delete(req.caller().accountNumber(), req.required("KeyName"));
    return req.response().element("return", "true").toString();
  }
}
