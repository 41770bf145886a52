package org.eucalyptus.common.soap;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;

/** A tiny SOAP contract for testing the bridge. */
@WebService(targetNamespace = "urn:test:echo", name = "Echo")
public interface Echo {
  @WebMethod
  String echo(@WebParam(name = "text") String text, @WebParam(name = "waitMillis") int waitMillis);

  @WebMethod
  String ping();
}
