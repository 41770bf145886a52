package org.eucalyptus.common.soap;

import static org.assertj.core.api.Assertions.assertThat;

import org.eucalyptus.testfixtures.UnitTest;
import org.junit.jupiter.api.Test;

/** The access log's error code for a SOAP fault is read from the envelope with a parser. */
@UnitTest
class FaultCodeTest {
  @Test
  void theFaultCodeWithoutItsPrefix() {
    assertThat(SoapService.faultCode("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
        + "<s:Fault><faultcode xmlns:wsse=\"urn:wsse\"> wsse:FailedAuthentication </faultcode>"
        + "<faultstring>no</faultstring></s:Fault></s:Body></s:Envelope>")).isEqualTo("FailedAuthentication");
    assertThat(SoapService.faultCode("<Envelope><Body><Fault><faultcode>Server</faultcode></Fault></Body></Envelope>"))
        .isEqualTo("Server");
    // a faultstring that quotes markup does not fool the reader, as it did a pattern over the text
    assertThat(SoapService.faultCode("<Envelope><Body><Fault><faultstring><![CDATA[<faultcode>x:Quoted</faultcode>]]>"
        + "</faultstring><faultcode>soap:Client</faultcode></Fault></Body></Envelope>")).isEqualTo("Client");
  }

  @Test
  void aBodyThatIsNoFaultIsJustAFault() {
    assertThat(SoapService.faultCode("")).isEqualTo("Fault");
    assertThat(SoapService.faultCode("<html>502</html>")).isEqualTo("Fault");
    assertThat(SoapService.faultCode("<Envelope><faultcode>cut")).isEqualTo("Fault");
  }
}
