package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;

public final class ReleaseAddressAction implements QueryAction {
  private final AddressStore addresses;

  public ReleaseAddressAction(AddressStore addresses) {
    this.addresses = addresses;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    addresses.release(req.caller().accountNumber(), req.caller().admin(), req.required("PublicIp"));
    return req.response().element("return", "true").toString();
  }
}
