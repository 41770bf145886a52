package org.eucalyptus.cc.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.Node;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.wsdl.cc.TerminateInstances;
import org.eucalyptus.wsdl.cc.TerminateInstancesResponse;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;

/**
 * Asks each instance's node to terminate it, in parallel; says per instance whether it did. A
 * graceful request (a clean stop) is passed on: the node asks the guest to shut down and answers with
 * the instance still Extant, and the cache leaves it so until the node reports it torn down.
 */
final class TerminateInstancesHandler {
  private static final Logger LOG = LogManager.getLogger(TerminateInstancesHandler.class);

  private final NodeRegistry nodes;
  private final InstanceCache cache;
  private final ExecutorService calls;

  TerminateInstancesHandler(NodeRegistry nodes, InstanceCache cache, ExecutorService calls) {
    this.nodes = nodes;
    this.cache = cache;
    this.calls = calls;
  }

  TerminateInstancesResponse handle(TerminateInstances req) {
    List<CompletableFuture<Boolean>> results = new ArrayList<>();
    for (String id : req.getInstanceIds()) {
      results.add(CompletableFuture.supplyAsync(() -> terminate(id, Boolean.TRUE.equals(req.isForce()),
          Boolean.TRUE.equals(req.isGraceful())), calls));
    }
    TerminateInstancesResponse resp = new TerminateInstancesResponse();
    results.forEach(f -> resp.getIsTerminated().add(f.join()));
    resp.setReturn(true);
    return resp;
  }

  private boolean terminate(String id, boolean force, boolean graceful) {
    org.eucalyptus.cc.instances.CcInstance inst = cache.find(id).orElse(null);
    if (inst == null) {
      return false;
    }
    if (inst.ended()) {
      return true;
    }
    Node node = nodes.byServiceTag(inst.serviceTag()).orElse(null);
    if (node == null) {
      return false;
    }
    NcTerminateInstance t = new NcTerminateInstance();
    t.setInstanceId(inst.instanceId()); // the node's own spelling of the id (see InstanceCache.find)
    t.setForce(force);
    if (graceful) {
      t.setGraceful(true);
    }
    try {
      String state = node.client().ncTerminateInstance(t).getShutdownState();
      // The node's answer says whether the domain is gone (a node before graceful stops always says Teardown).
      if (state == null || state.equals("Teardown")) {
        cache.markTeardown(inst.instanceId(), "terminated");
      }
      return true;
    } catch (Exception e) {
      LOG.warn("node {} did not terminate {}: {}", node.serviceTag(), id, e.toString());
      return false;
    }
  }
}
