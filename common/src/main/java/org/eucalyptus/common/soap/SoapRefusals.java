package org.eucalyptus.common.soap;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.http.Responses;
import org.eucalyptus.common.http.ServerRefusal;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * The HTTP server's own answers (busy, a head too large) on a SOAP port, as SOAP 1.1 faults whose
 * detail is the services' {@code EucalyptusFault{code, message}}, so a SOAP client reads them as it
 * reads any fault of the service.
 */
public final class SoapRefusals {
  private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final String EUCALYPTUS_NS = "http://eucalyptus.ucsb.edu/";

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

  private static FullHttpResponse fault(HttpResponseStatus status, String faultCode, String code, String message) {
    String xml = new XmlWriter().start("soap:Envelope").namespace("soap", SOAP_NS).start("soap:Body")
        .start("soap:Fault").element("faultcode", faultCode).element("faultstring", message).start("detail")
        .root("EucalyptusFault", EUCALYPTUS_NS).element("code", code).element("message", message).toString();
    return Responses.of(status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
  }
}
