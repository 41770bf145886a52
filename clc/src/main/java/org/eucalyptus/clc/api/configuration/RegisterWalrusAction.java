package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.properties.CloudProperties;

/**
 * The administrator registers Walrus on a host of its own (euca_conf --register-walrus): Host and
 * Port (8773); kept in the walrus.url property, so it survives restarts and wins over WALRUS_URL.
 * Images registered from then on, and the manifests the CLC reads, are at that Walrus.
 */
public final class RegisterWalrusAction implements QueryAction {
  private final CloudProperties properties;

  public RegisterWalrusAction(CloudProperties properties) {
    this.properties = properties;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator registers Walrus",
          HttpResponseStatus.FORBIDDEN);
    }
    String host = req.required("Host");
    if (!host.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
      throw ApiException.invalid("Host", host, "It is Walrus's host name or address.");
    }
    int port = req.intParam("Port", 8773);
    if (port < 1 || port > 65535) {
      throw ApiException.invalid("Port", String.valueOf(port), "It is 1-65535.");
    }
    String url = "http://" + host + ":" + port + "/services/Walrus";
    properties.modify(CloudProperties.WALRUS_URL, url);
    return req.response().element("url", url).toString();
  }
}
