package org.eucalyptus.nc.api;

import java.util.HashSet;
import java.util.Set;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeInstancesResponse;

/** Lists instances; with sinceVersion, waits (up to waitMillis) until something changed. */
final class DescribeInstancesHandler {
  static final int MAX_WAIT_MILLIS = 60_000;

  private final InstanceTable table;

  DescribeInstancesHandler(InstanceTable table) {
    this.table = table;
  }

  NcDescribeInstancesResponse handle(NcDescribeInstances req) throws InterruptedException {
    long version = table.version().current();
    if (req.getSinceVersion() != null && req.getWaitMillis() != null && req.getSinceVersion() >= version) {
      version = table.version().awaitChange(req.getSinceVersion(),
          Math.min(Math.max(0, req.getWaitMillis()), MAX_WAIT_MILLIS));
    }
    Set<String> ids = new HashSet<>(req.getInstanceIds());
    NcDescribeInstancesResponse resp = new NcDescribeInstancesResponse();
    // The version is read before the snapshot: a change racing with it shows up in the next poll.
    resp.setVersion(version);
    table.snapshot(i -> ids.isEmpty() || ids.contains(i.id())).forEach(i -> resp.getInstances().add(InstanceReports.of(i)));
    resp.setReturn(true);
    resp.setCorrelationId(req.getCorrelationId());
    return resp;
  }
}
