package org.eucalyptus.nc.api;

import java.util.HashSet;
import java.util.Set;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeInstancesResponse;

/**
 * Lists instances; with sinceVersion, waits (up to waitMillis) until something changed, and with
 * sayUnchanged answers a wait that saw no change without the list. Every answer
 * also says the node's size, so that this long poll is all the cluster controller needs to follow
 * the node: at a thousand nodes a second call per node each period would double what the
 * controller and the nodes spend signing and checking messages.
 */
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
    if (Boolean.TRUE.equals(req.isSayUnchanged()) && ids.isEmpty() && req.getSinceVersion() != null
        && req.getSinceVersion() == version) {
      // Nothing changed since the caller's last answer (a version is never given out twice, even
      // across restarts): most polls of an idle node, spared writing and reading its whole list.
      resp.setUnchanged(true);
    } else {
      table.snapshot(i -> ids.isEmpty() || ids.contains(i.id())).forEach(i -> resp.getInstances().add(InstanceReports.of(i)));
    }
    InstanceTable.Resources size = table.resources();
    resp.setNumberOfCoresMax(size.coresMax());
    resp.setMemorySizeMax(size.memoryMax());
    resp.setDiskSizeMax(size.diskMax());
    resp.setReturn(true);
    resp.setCorrelationId(req.getCorrelationId());
    return resp;
  }
}
