package org.eucalyptus.nc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.nc.Libvirt;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.wsdl.nc.AllowType;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.GroupFilterType;
import org.eucalyptus.wsdl.nc.NcConfigureNetwork;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group filter missing a part is refused with a sentence saying which (the fuzz found an allow
 * without a protocol answered in the JVM's words: "Cannot invoke String.toLowerCase ... is null").
 */
@IntegrationTest
class ConfigureNetworkInputTest {
  @TempDir Path tmp;

  @Test
  void aFilterMissingAPartIsRefusedInWords() throws Exception {
    Libvirt.requireOrSkip();
    try (NodeController nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "2", "MAX_MEM", "1024",
        "MAX_DISK", "10", "NC_KEYS_DIR", tmp.resolve("keys").toString()))).start()) {
      EucalyptusNCPortType client = SoapClients.create(EucalyptusNCPortType.class, "http://127.0.0.1:" + nc.port()
          + "/axis2/services/EucalyptusNC", Duration.ofSeconds(2), Duration.ofSeconds(10));
      NcConfigureNetwork req = new NcConfigureNetwork();
      GroupFilterType f = new GroupFilterType();
      f.setVlan(10);
      f.setSubnet("10.10.1.0/27");
      f.setGateway("10.10.1.1");
      AllowType noProtocol = new AllowType();
      noProtocol.setSourceCidr("0.0.0.0/0");
      noProtocol.setFromPort(22);
      noProtocol.setToPort(22);
      f.getAllow().add(noProtocol);
      req.getFilter().add(f);
      assertThatThrownBy(() -> client.ncConfigureNetwork(req))
          .isInstanceOfSatisfying(EucalyptusFault_Exception.class, e -> {
            assertThat(e.getFaultInfo().getCode()).isEqualTo("InvalidParameterValue");
            assertThat(e.getFaultInfo().getMessage()).isEqualTo(
                "a bad filter: an allow needs a protocol (tcp, udp, icmp or -1)");
          });
      // On the wire: the sender's fault (soap:Client), where a failing node's is soap:Server.
      String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
          + "<ncConfigureNetwork xmlns=\"http://eucalyptus.ucsb.edu/\"><filter><vlan>10</vlan><subnet>10.10.1.0/27"
          + "</subnet><gateway>10.10.1.1</gateway><allow><sourceCidr>0.0.0.0/0</sourceCidr><fromPort>22</fromPort>"
          + "<toPort>22</toPort></allow></filter></ncConfigureNetwork></soapenv:Body></soapenv:Envelope>";
      java.net.http.HttpResponse<String> raw = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + nc.port()
              + "/axis2/services/EucalyptusNC")).header("Content-Type", "text/xml; charset=UTF-8")
              .header("SOAPAction", "EucalyptusNC#ncConfigureNetwork")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(envelope)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(raw.body()).contains("<faultcode>soap:Client</faultcode>").contains("an allow needs a protocol");
      // CXF's own faults (no code of ours) still come out whole.
      java.net.http.HttpResponse<String> garbage = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + nc.port()
              + "/axis2/services/EucalyptusNC")).header("Content-Type", "text/xml; charset=UTF-8")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("not xml")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(garbage.statusCode()).isEqualTo(500);
      assertThat(garbage.body()).contains("<faultcode>soap:Client</faultcode>");

    }
  }
}
