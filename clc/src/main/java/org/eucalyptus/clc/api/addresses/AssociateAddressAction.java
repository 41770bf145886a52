package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;

public final class AssociateAddressAction implements Ec2Action {
  private final AddressStore addresses;
  private final Runnable changed;

  /** @param changed told after the change (MANAGED clusters bring their NAT in line) */
  public AssociateAddressAction(AddressStore addresses, Runnable changed) {
    this.addresses = addresses;
    this.changed = changed;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    String ip = req.required("PublicIp");
    String instance = req.required("InstanceId");
    try {
      addresses.associate(req.caller().accountNumber(), req.caller().admin(), ip, instance);
    } catch (AddressStore.AddressException e) {
      throw AddressActions.of(e);
    }
    changed.run();
    return req.response().element("return", "true").toString();
  }
}
