package org.eucalyptus.common.soap;

import jakarta.jws.WebService;
import java.util.Locale;

@WebService(endpointInterface = "org.eucalyptus.common.soap.Echo", targetNamespace = "urn:test:echo",
    serviceName = "EchoService", portName = "EchoPort")
public class EchoImpl implements Echo {
  @Override
  public String echo(String text, int waitMillis) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("nothing to echo");
    }
    try {
      Thread.sleep(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return text.toUpperCase(Locale.ROOT);
  }

  @Override
  public String ping() {
    return "pong";
  }
}
