package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;

public final class AssociateAddressAction implements Ec2Action {
  private final AddressStore addresses;

  public AssociateAddressAction(AddressStore addresses) {
    this.addresses = addresses;
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
    return req.response().element("return", "true").toString();
  }
}
