package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;

public final class ReleaseAddressAction implements Ec2Action {
  private final AddressStore addresses;

  public ReleaseAddressAction(AddressStore addresses) {
    this.addresses = addresses;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    try {
      addresses.release(req.caller().accountNumber(), req.caller().admin(), req.required("PublicIp"));
    } catch (AddressStore.AddressException e) {
      throw AddressActions.of(e);
    }
    return req.response().element("return", "true").toString();
  }
}
