package org.eucalyptus.cc.api;

import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeInstancesResponse;

/** The cluster's instances; with sinceVersion, waits (up to waitMillis) until something changed. */
final class DescribeInstancesHandler {
  static final int MAX_WAIT_MILLIS = 60_000;

  private final InstanceCache cache;

  DescribeInstancesHandler(InstanceCache cache) {
    this.cache = cache;
  }

  DescribeInstancesResponse handle(DescribeInstances req) throws InterruptedException {
    long version = cache.version().current();
    if (req.getSinceVersion() != null && req.getWaitMillis() != null && req.getSinceVersion() >= version) {
      version = cache.version().awaitChange(req.getSinceVersion(),
          Math.min(Math.max(0, req.getWaitMillis()), MAX_WAIT_MILLIS));
    }
    DescribeInstancesResponse resp = new DescribeInstancesResponse();
    // Read the version before the snapshot: a change racing with it shows up in the next poll.
    resp.setVersion(version);
    cache.snapshot(req.getInstanceIds()).forEach(i -> resp.getInstances().add(CcInstances.toWire(i)));
    resp.setReturn(true);
    resp.setCorrelationId(req.getCorrelationId());
    return resp;
  }
}
