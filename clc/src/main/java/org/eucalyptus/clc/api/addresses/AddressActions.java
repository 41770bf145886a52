package org.eucalyptus.clc.api.addresses;

import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.ApiException;

/** Maps the address store's refusals to EC2 errors. */
final class AddressActions {
  private AddressActions() {}

  static ApiException of(AddressStore.AddressException e) {
    return new ApiException(e.code(), e.getMessage());
  }
}
