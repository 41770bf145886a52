package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;

public final class ReleaseAddressAction implements QueryAction {
  private final AddressStore addresses;

  public ReleaseAddressAction(AddressStore addresses) {
    this.addresses = addresses;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    try {
      addresses.release(req.caller().accountNumber(), req.caller().admin(), req.required("PublicIp"));
    } catch (AddressStore.AddressException e) {
      throw AddressActions.of(e);
    }
    return req.response().element("return", "true").toString();
  }
}
