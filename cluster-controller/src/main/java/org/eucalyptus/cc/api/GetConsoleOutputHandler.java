package org.eucalyptus.cc.api;

import org.eucalyptus.wsdl.cc.GetConsoleOutput;
import org.eucalyptus.wsdl.cc.GetConsoleOutputResponse;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;

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
    // Through the relay, so a node that refuses the CC (or cannot be reached) is a NodeError in words,
    // never an InternalError carrying the transport's exception.
    resp.setConsoleOutput(NodeRelay.call(() -> where.of(req.getInstanceId()).client().ncGetConsoleOutput(nc))
        .getConsoleOutput());
    resp.setReturn(true);
    return resp;
  }
}
