package org.eucalyptus.nc.api;

import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.wsdl.nc.NcAssignAddress;
import org.eucalyptus.wsdl.nc.NcAssignAddressResponse;

/** ncAssignAddress: records an instance's public address (the NAT is the cluster controller's). */
final class AssignAddressHandler {
  private final InstanceTable table;

  AssignAddressHandler(InstanceTable table) {
    this.table = table;
  }

  NcAssignAddressResponse handle(NcAssignAddress req) throws NcException {
    String ip = req.getPublicIp() == null ? "" : req.getPublicIp().trim();
    if (!ip.isEmpty() && !ip.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
      throw NcException.invalid("publicIp must be an IPv4 address, not '" + ip + "'");
    }
    if (!table.assignAddress(req.getInstanceId(), ip)) {
      throw NcException.notFound(req.getInstanceId());
    }
    NcAssignAddressResponse resp = new NcAssignAddressResponse();
    resp.setReturn(true);
    return resp;
  }
}
