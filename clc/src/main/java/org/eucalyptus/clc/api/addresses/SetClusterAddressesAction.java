package org.eucalyptus.clc.api.addresses;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.clusters.ClusterRegistry;

/**
 * The administrator sets a cluster's public address pool (Eucalyptus's extension): ClusterName and
 * PublicIp.N, each an address or a range a.b.c.d-a.b.c.e. Addresses in use cannot be removed.
 */
public final class SetClusterAddressesAction implements QueryAction {
  private final AddressStore addresses;
  private final ClusterRegistry clusters;

  public SetClusterAddressesAction(AddressStore addresses, ClusterRegistry clusters) {
    this.addresses = addresses;
    this.clusters = clusters;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator sets address pools",
          HttpResponseStatus.FORBIDDEN);
    }
    String cluster = req.required("ClusterName");
    if (clusters.find(cluster).isEmpty()) {
      throw ApiException.invalid("ClusterName", cluster, "No such cluster.");
    }
    List<String> ips = new ArrayList<>();
    for (String spec : req.list("PublicIp")) {
      try {
        ips.addAll(AddressStore.expand(spec));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("PublicIp", spec, e.getMessage());
      }
    }
    addresses.setPool(cluster, ips);
    return req.response().element("return", "true").element("addressCount", ips.size()).toString();
  }
}
