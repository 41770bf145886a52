package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.pki.ComponentIdentity;

/**
 * Issues a key pair and certificate from the cloud CA to a component host (a node controller, a
 * cluster controller, Walrus): the credentials it presents to the others. The cloud administrator
 * only; the private key is returned once and not kept.
 */
public final class IssueComponentCredentialsAction implements QueryAction {
  private static final List<String> ROLES = List.of(ComponentIdentity.NODE, ComponentIdentity.CLUSTER,
      ComponentIdentity.WALRUS);

  private final CloudCa ca;

  public IssueComponentCredentialsAction(CloudCa ca) {
    this.ca = ca;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator issues component credentials",
          HttpResponseStatus.FORBIDDEN);
    }
    String role = req.required("Role");
    if (!ROLES.contains(role)) {
      throw ApiException.invalid("Role", role, "It is one of " + String.join(", ", ROLES) + ".");
    }
    String name = req.required("Name");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}")) {
      throw ApiException.invalid("Name", name, "It is the component's host name or address.");
    }
    CloudCa.Issued issued = ca.issueComponent(role, name);
    return req.response().element("certificate", issued.certificatePem())
        .element("privateKey", issued.privateKeyPem()).element("cloudCertificate", ca.certificatePem()).toString();
  }
}
