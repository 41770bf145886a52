package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.Address;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.common.policy.Quotas;

public final class AllocateAddressAction implements QueryAction {
  private final AddressStore addresses;

  public AllocateAddressAction(AddressStore addresses) {
    this.addresses = addresses;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String domain = req.param("Domain");
    if (domain != null && !domain.equals("standard")) {
      throw ApiException.invalid("Domain", domain, "This cloud has standard (EC2-Classic) addresses only.");
    }
    Address a = addresses.allocate(QuotaClaim.of(req.authorization(), "ec2:AllocateAddress", Quotas.ADDRESS_NUMBER));
    return req.response().element("publicIp", a.publicIp()).element("domain", "standard")
        .element("allocationId", a.allocationId()).toString();
  }
}
