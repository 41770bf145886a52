package org.eucalyptus.cc.api;

import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeInstancesResponse;

/**
 * The cluster's instances; with sinceVersion, waits (up to waitMillis) until something changed, and
 * with changesOnly answers only what changed after sinceVersion when the cache can tell it.
 */
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
    boolean brief = Boolean.TRUE.equals(req.isBrief());
    // Read the version before the snapshot: a change racing with it shows up in the next poll.
    resp.setVersion(version);
    var changes = Boolean.TRUE.equals(req.isChangesOnly()) && req.getSinceVersion() != null
        && req.getInstanceIds().isEmpty() ? cache.changesSince(req.getSinceVersion()) : java.util.Optional.<InstanceCache.Changes>empty();
    if (changes.isPresent()) {
      // What changed since the poller's version: a poll costs what changed, not what the cluster holds.
      changes.get().changed().forEach(i -> resp.getInstances().add(CcInstances.toWire(i, brief)));
      resp.getGoneInstanceIds().addAll(changes.get().gone());
      resp.setComplete(false);
    } else {
      cache.snapshot(req.getInstanceIds()).forEach(i -> resp.getInstances().add(CcInstances.toWire(i, brief)));
      resp.setComplete(true);
    }
    resp.setReturn(true);
    resp.setCorrelationId(req.getCorrelationId());
    return resp;
  }
}
