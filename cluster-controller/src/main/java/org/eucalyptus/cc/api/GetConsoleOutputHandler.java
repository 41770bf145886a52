package org.eucalyptus.cc.api;

import org.eucalyptus.wsdl.cc.GetConsoleOutput;
import org.eucalyptus.wsdl.cc.GetConsoleOutputResponse;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/** The instance's console, as its node has it. */
final class GetConsoleOutputHandler {
  private final InstanceNodes where;

  GetConsoleOutputHandler(InstanceNodes where) {
    this.where = where;
  }

  GetConsoleOutputResponse handle(GetConsoleOutput req) throws CcException {
    NcGetConsoleOutput nc = new NcGetConsoleOutput();
    nc.setInstanceId(req.getInstanceId());
    GetConsoleOutputResponse resp = new GetConsoleOutputResponse();
    try {
      resp.setConsoleOutput(where.of(req.getInstanceId()).client().ncGetConsoleOutput(nc).getConsoleOutput());
    } catch (EucalyptusFault_Exception e) {
      throw new CcException("NodeError", e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getMessage());
    }
    resp.setReturn(true);
    return resp;
  }
}
