package org.eucalyptus.clc.api.snapshots;

import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.storage.EbsRefusals;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * A call to a zone's storage controller from a snapshot action, its failure the domain's error as
 * {@link EbsRefusals} makes it for every EBS action (a request the SC calls wrong keeps EC2's code,
 * an SC that failed or does not answer is Unavailable).
 */
final class StorageCalls {
  @FunctionalInterface
  interface Call<T> {
    T run(EucalyptusSCPortType sc) throws EucalyptusFault_Exception;
  }

  private StorageCalls() {}

  static <T> T call(String zone, String what, EucalyptusSCPortType sc, Call<T> call) throws DomainException {
    try {
      return call.run(sc);
    } catch (EucalyptusFault_Exception | RuntimeException e) {
      throw EbsRefusals.of(EbsRefusals.Component.STORAGE, zone, what, e);
    }
  }
}
