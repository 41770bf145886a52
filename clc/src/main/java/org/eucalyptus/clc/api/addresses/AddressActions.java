package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.Ec2Exception;

/** Maps the address store's refusals to EC2 errors. */
final class AddressActions {
  private AddressActions() {}

  static Ec2Exception of(AddressStore.AddressException e) {
    return new Ec2Exception(e.code(), e.getMessage());
  }
}
