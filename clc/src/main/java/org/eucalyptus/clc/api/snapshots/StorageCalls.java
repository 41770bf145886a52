package org.eucalyptus.clc.api.snapshots;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/**
 * A call to a zone's storage controller from an action, its failures in EC2's terms: a fault the
 * SC raised about the request keeps its code (400), any other is an InternalError, and an SC that
 * does not answer is Unavailable (503).
 */
final class StorageCalls {
  /** The SC's fault codes that say the request was wrong as sent, not that the SC failed, as EC2 names them. */
  private static final Map<String, String> CLIENT_CODES = Map.of("IncorrectState", "IncorrectState",
      "InvalidParameterValue", "InvalidParameterValue", "InvalidParameter", "InvalidParameterValue",
      "VolumeNotFound", "InvalidVolume.NotFound", "SnapshotNotFound", "InvalidSnapshot.NotFound",
      "VolumeInUse", "VolumeInUse");

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
      if (code != null && CLIENT_CODES.containsKey(code)) {
        throw new ApiException(CLIENT_CODES.get(code), message);
      }
      throw new ApiException("InternalError", "The storage controller of " + zone + " failed: " + message,
          HttpResponseStatus.INTERNAL_SERVER_ERROR);
    } catch (RuntimeException e) {
      throw new ApiException("Unavailable", "The storage controller of " + zone + " did not answer: "
          + e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
  }
}
