package org.eucalyptus.common.soap;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.Responses;
import org.eucalyptus.common.http.ServerRefusal;

/**
 * The HTTP server's own answers (busy, a head too large) on a SOAP port, as SOAP 1.1 faults whose
 * detail is the services' {@code EucalyptusFault{code, message}}, so a SOAP client reads them as it
 * reads any fault of the service.
 */
public final class SoapRefusals {
  private SoapRefusals() {}

  public static FullHttpResponse answer(ServerRefusal why) {
    return switch (why) {
      case BUSY -> fault(HttpResponseStatus.SERVICE_UNAVAILABLE, "soap:Server", "ServiceUnavailable",
          "The service is too busy to take the request; please retry.");
      case REQUEST_LINE_TOO_LONG -> fault(HttpResponseStatus.REQUEST_URI_TOO_LONG, "soap:Client",
          "RequestLineTooLong", "The request line is longer than " + HttpServer.MAX_REQUEST_LINE + " bytes.");
      case HEADERS_TOO_LARGE -> fault(HttpResponseStatus.BAD_REQUEST, "soap:Client", "RequestHeaderSectionTooLarge",
          "The request's headers are larger than " + HttpServer.MAX_HEADER_SECTION + " bytes.");
    };
  }

  /** The messages are the server's own words: nothing of the request is quoted, so nothing needs escaping. */
  private static FullHttpResponse fault(HttpResponseStatus status, String faultCode, String code, String message) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
        + "<faultcode>" + faultCode + "</faultcode><faultstring>" + message + "</faultstring><detail>"
        + "<EucalyptusFault xmlns=\"http://eucalyptus.ucsb.edu/\"><code>" + code + "</code><message>" + message
        + "</message></EucalyptusFault></detail></soap:Fault></soap:Body></soap:Envelope>";
    return Responses.of(status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
  }
}
