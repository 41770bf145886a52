package org.eucalyptus.nc.api;

import java.util.List;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.NcPowerDown;
import org.eucalyptus.wsdl.nc.NcPowerDownResponse;

/**
 * ncPowerDown: the cluster controller's POWERSAVE policy puts an idle node to sleep. Runs
 * NC_POWERDOWN_COMMAND (default {@code poweroff}); refused while instances live on the node.
 */
final class PowerDownHandler {
  private final InstanceTable table;
  private final CommandRunner commands;
  private final List<String> command;

  PowerDownHandler(InstanceTable table, CommandRunner commands, List<String> command) {
    this.table = table;
    this.commands = commands;
    this.command = command;
  }

  NcPowerDownResponse handle(NcPowerDown req) throws NcException {
    long live = table.snapshot(i -> i.phase() != NcInstance.Phase.TEARDOWN).size();
    if (live > 0) {
      throw new NcException("IncorrectState", "the node has " + live + " live instance(s); it powers down only idle");
    }
    try {
      commands.run(command, null);
    } catch (CommandRunner.CommandException e) {
      throw new NcException("PowerDownFailed", e.getMessage());
    }
    NcPowerDownResponse resp = new NcPowerDownResponse();
    resp.setReturn(true);
    return resp;
  }
}
