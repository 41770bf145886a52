package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;

public final class DisassociateAddressAction implements Ec2Action {
  private final AddressStore addresses;
  private final Runnable changed;

  /** @param changed told after the change (MANAGED clusters bring their NAT in line) */
  public DisassociateAddressAction(AddressStore addresses, Runnable changed) {
    this.addresses = addresses;
    this.changed = changed;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    try {
      addresses.disassociate(req.caller().accountNumber(), req.caller().admin(), req.required("PublicIp"));
    } catch (AddressStore.AddressException e) {
      throw AddressActions.of(e);
    }
    changed.run();
    return req.response().element("return", "true").toString();
  }
}
