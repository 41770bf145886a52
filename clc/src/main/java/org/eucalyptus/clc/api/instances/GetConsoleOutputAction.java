package org.eucalyptus.clc.api.instances;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;

/** The instance's serial console (the last 64 KiB), base64-encoded as EC2 sends it. */
public final class GetConsoleOutputAction implements QueryAction {
  private final InstanceService instances;

  public GetConsoleOutputAction(InstanceService instances) {
    this.instances = instances;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    String id = req.required("InstanceId");
    Instance instance = InstanceLookup.existing(instances, req, List.of(id)).get(0);
    return req.response()
        .element("instanceId", instance.instanceId())
        .element("timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)))
        .element("output", instances.consoleOutput(instance))
        .toString();
  }
}
