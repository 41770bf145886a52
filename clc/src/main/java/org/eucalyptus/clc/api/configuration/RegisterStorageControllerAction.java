package org.eucalyptus.clc.api.configuration;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.storage.StorageController;
import org.eucalyptus.clc.storage.StorageControllerRegistry;
import org.eucalyptus.clc.storage.StorageEnrollment;

/**
 * The administrator registers a zone's storage controller (euca_conf --register-sc, 3.1's
 * RegisterStorageController): Partition (the zone: a registered cluster), Host, Port (8776) and
 * Name (the partition's, when omitted). Registering a known name again moves it; the SC is enrolled
 * at once if it answers, else by the enrolment timer.
 */
public final class RegisterStorageControllerAction implements QueryAction {
  private final StorageControllerRegistry registry;
  private final StorageEnrollment enrollment;

  public RegisterStorageControllerAction(StorageControllerRegistry registry, StorageEnrollment enrollment) {
    this.registry = registry;
    this.enrollment = enrollment;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    if (!req.caller().admin()) {
      throw new ApiException("AuthFailure", "Only the cloud administrator registers storage controllers",
          HttpResponseStatus.FORBIDDEN);
    }
    String zone = req.required("Partition");
    String host = req.required("Host");
    String name = req.param("Name") == null || req.param("Name").isEmpty() ? zone : req.param("Name");
    int port = req.intParam("Port", StorageController.DEFAULT_PORT);
    StorageController sc = registry.register(name, zone, host, port);
    enrollment.enroll(sc);
    return req.response().start("storageController").element("name", sc.name()).element("partition", sc.zone())
        .element("host", sc.host()).element("port", sc.port())
        .element("trust", enrollment.problem(sc).orElse("enrolled")).end().toString();
  }
}
