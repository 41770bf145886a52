package org.eucalyptus.cc.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.wsdl.cc.RebootInstances;
import org.eucalyptus.wsdl.cc.RebootInstancesResponse;
import org.eucalyptus.wsdl.nc.NcRebootInstance;

/** Asks each instance's node to reboot it, in parallel. */
final class RebootInstancesHandler {
  private static final Logger LOG = LogManager.getLogger(RebootInstancesHandler.class);

  private final InstanceNodes where;
  private final ExecutorService calls;

  RebootInstancesHandler(InstanceNodes where, ExecutorService calls) {
    this.where = where;
    this.calls = calls;
  }

  RebootInstancesResponse handle(RebootInstances req) {
    List<CompletableFuture<Boolean>> results = new ArrayList<>();
    for (String id : req.getInstanceIds()) {
      results.add(CompletableFuture.supplyAsync(() -> reboot(id), calls));
    }
    RebootInstancesResponse resp = new RebootInstancesResponse();
    results.forEach(f -> resp.getIsRebooted().add(f.join()));
    resp.setReturn(true);
    return resp;
  }

  private boolean reboot(String id) {
    try {
      NcRebootInstance r = new NcRebootInstance();
      r.setInstanceId(id);
      return where.of(id).client().ncRebootInstance(r).isStatus();
    } catch (Exception e) {
      LOG.warn("reboot of {} failed: {}", id, e.getMessage());
      return false;
    }
  }
}
