package org.eucalyptus.clc.console;

import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/** The cloud's services (CLC, Walrus, each CC, SC and node) and their states, as euca-admin describe-services shows them. */
final class ServicesPage {
  private final ConsoleApi api;
  private final Pages pages;

  ServicesPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> services = api.configuration(r, "DescribeServices", Map.of()).all("serviceSet/item")
        .stream().map(s -> Map.<String, Object>of("type", ApiDoc.text(s, "serviceType"), "name", ApiDoc.text(s, "serviceName"),
            "zone", ApiDoc.text(s, "partition"), "state", ApiDoc.text(s, "localState"), "url", ApiDoc.text(s, "serviceUrl"),
            "reason", ApiDoc.text(s, "reason"), "enabled", ApiDoc.text(s, "localState").equals("ENABLED")))
        .toList();
    return pages.render("services", r, Map.of("services", services));
  }
}
