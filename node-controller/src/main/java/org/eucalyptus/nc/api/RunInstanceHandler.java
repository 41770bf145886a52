package org.eucalyptus.nc.api;

import java.nio.file.Path;
import org.eucalyptus.nc.instances.InstanceLauncher;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.nc.instances.LaunchOrder;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcRunInstanceResponse;

/**
 * Admits the instance (answering at once, Pending) and starts it in the background. A launch the
 * node already has (the same instance id and uuid, even torn down) is answered with its state and
 * not started again; a new uuid for an id torn down here is a new launch (StartInstances).
 */
final class RunInstanceHandler {
  private final InstanceTable table;
  private final InstanceLauncher launcher;
  private final Path workRoot;

  RunInstanceHandler(InstanceTable table, InstanceLauncher launcher, Path workRoot) {
    this.table = table;
    this.launcher = launcher;
    this.workRoot = workRoot;
  }

  NcRunInstanceResponse handle(NcRunInstance req) throws NcException {
    validate(req);
    LaunchOrder launch = LaunchOrders.of(req);
    String owner = req.getAccountId() != null && !req.getAccountId().isEmpty() ? req.getAccountId()
        : req.getOwnerId() != null && !req.getOwnerId().isEmpty() ? req.getOwnerId() : "unknown";
    NcInstance inst;
    boolean admitted = true;
    try {
      inst = table.admit(launch, workRoot.resolve(safe(owner)).resolve(req.getInstanceId()));
    } catch (InstanceTable.AdmissionException e) {
      java.util.Optional<NcInstance> running = InstanceTable.ALREADY_EXISTS.equals(e.code())
          ? table.find(req.getInstanceId()) : java.util.Optional.empty();
      if (running.isEmpty()) {
        throw new NcException(e.code(), e.getMessage());
      }
      // The same launch sent again (its sender could not know the first one arrived): this node
      // already has it, so it answers with it and starts nothing.
      inst = running.get();
      admitted = false;
    }
    // Answer with the admitted (Pending) record: the launch may move on before the reply is sent.
    NcRunInstanceResponse resp = new NcRunInstanceResponse();
    resp.setInstance(InstanceReports.of(inst));
    if (admitted) {
      launcher.launch(inst);
    }
    resp.setReturn(true);
    resp.setCorrelationId(req.getCorrelationId());
    return resp;
  }

  private static void validate(NcRunInstance req) throws NcException {
    if (req.getInstanceId() == null || !req.getInstanceId().matches("i-[0-9A-Za-z]{8,17}")) {
      throw NcException.invalid("instanceId must look like i-6a7295ae, not '" + req.getInstanceId() + "'");
    }
    if (req.getReservationId() == null || req.getReservationId().isEmpty()) {
      throw NcException.invalid("reservationId is required");
    }
    if (req.getImageId() == null || req.getImageId().isEmpty()) {
      throw NcException.invalid("imageId is required");
    }
    var t = req.getInstanceType();
    if (t == null || t.getCores() < 1 || t.getMemory() < 1 || t.getDisk() < 0) {
      throw NcException.invalid("instanceType needs at least 1 core and 1 MB of memory");
    }
    if (req.getNetParams() == null || req.getNetParams().getPrivateMacAddress() == null
        || !req.getNetParams().getPrivateMacAddress().matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
      throw NcException.invalid("netParams.privateMacAddress must be a MAC address");
    }
  }

  /** Account ids name a directory: keep them to characters that cannot climb out of it. */
  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^\\.+", "_");
  }
}
