package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;

public final class DisassociateAddressAction implements QueryAction {
  private final AddressStore addresses;
  private final Runnable changed;

  /** @param changed told after the change (MANAGED clusters bring their NAT in line) */
  public DisassociateAddressAction(AddressStore addresses, Runnable changed) {
    this.addresses = addresses;
    this.changed = changed;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    addresses.disassociate(req.caller().accountNumber(), req.caller().admin(), req.required("PublicIp"));
    changed.run();
    return req.response().element("return", "true").toString();
  }
}
