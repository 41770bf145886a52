package org.eucalyptus.clc.api.snapshots;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * A call to a zone's storage controller from an action, its failures in EC2's terms: a fault the
 * SC raised about the request keeps its code (400), any other is an InternalError, and an SC that
 * does not answer is Unavailable (503).
 */
final class StorageCalls {
  /** The SC's fault codes that say the request was wrong as sent, not that the SC failed. */
  private static final Set<String> CLIENT_CODES = Set.of("IncorrectState", "InvalidParameterValue",
      "InvalidParameter", "InvalidVolume.NotFound", "InvalidSnapshot.NotFound", "VolumeInUse");

  @FunctionalInterface
  interface Call<T> {
    T run(EucalyptusSCPortType sc) throws EucalyptusFault_Exception;
  }

  private StorageCalls() {}

  static <T> T call(String zone, EucalyptusSCPortType sc, Call<T> call) throws ApiException {
    try {
      return call.run(sc);
    } catch (EucalyptusFault_Exception e) {
      String code = e.getFaultInfo() != null ? e.getFaultInfo().getCode() : null;
      String message = e.getFaultInfo() != null && e.getFaultInfo().getMessage() != null
          ? e.getFaultInfo().getMessage() : String.valueOf(e.getMessage());
      if (code != null && CLIENT_CODES.contains(code)) {
        throw new ApiException(code, message);
      }
      throw new ApiException("InternalError", "The storage controller of " + zone + " failed: " + message,
          HttpResponseStatus.INTERNAL_SERVER_ERROR);
    } catch (RuntimeException e) {
      throw new ApiException("Unavailable", "The storage controller of " + zone + " did not answer: "
          + e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
  }
}
