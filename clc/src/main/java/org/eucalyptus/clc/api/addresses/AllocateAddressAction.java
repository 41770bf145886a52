package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.Address;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.Ec2Action;
import org.eucalyptus.clc.api.Ec2Exception;
import org.eucalyptus.clc.api.Ec2Request;

public final class AllocateAddressAction implements Ec2Action {
  private final AddressStore addresses;

  public AllocateAddressAction(AddressStore addresses) {
    this.addresses = addresses;
  }

  @Override
  public String execute(Ec2Request req) throws Ec2Exception {
    String domain = req.param("Domain");
    if (domain != null && !domain.equals("standard")) {
      throw Ec2Exception.invalid("Domain", domain, "This cloud has standard (EC2-Classic) addresses only.");
    }
    try {
      Address a = addresses.allocate(req.caller().accountNumber());
      return req.response().element("publicIp", a.publicIp()).element("domain", "standard")
          .element("allocationId", a.allocationId()).toString();
    } catch (AddressStore.AddressException e) {
      throw AddressActions.of(e);
    }
  }
}
