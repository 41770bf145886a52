package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.storage.StorageController;
import org.eucalyptus.clc.storage.StorageControllerRegistry;
import org.eucalyptus.clc.storage.StorageEnrollment;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * The registered storage controllers (euca_conf --list-scs): name, zone, host, port, ENABLED or
 * NOTREADY, and why when it is not ENABLED.
 */
public final class DescribeStorageControllersAction implements QueryAction {
  private final StorageControllerRegistry registry;
  private final StorageEnrollment enrollment;

  public DescribeStorageControllersAction(StorageControllerRegistry registry, StorageEnrollment enrollment) {
    this.registry = registry;
    this.enrollment = enrollment;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator describes storage controllers",
          HttpResponseStatus.FORBIDDEN);
    }
    XmlWriter x = req.response().start("storageControllerSet");
    for (StorageController sc : registry.list()) {
      String problem = enrollment.problem(sc).orElse(null);
      x.start("item").element("name", sc.name()).element("partition", sc.zone()).element("hostName", sc.host())
          .element("port", sc.port()).element("state", problem == null ? "ENABLED" : "NOTREADY")
          .element("serviceUrl", sc.serviceUrl()).elementOrEmpty("detail", problem).end();
    }
    return req.finish(x.end());
  }
}
