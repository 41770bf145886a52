package org.eucalyptus.clc.api.volumes;

import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.volumes.VolumeService;

/** DeleteVolume: an available volume of the caller's; one attached is VolumeInUse. */
public final class DeleteVolumeAction implements QueryAction {
  private final VolumeService volumes;

  public DeleteVolumeAction(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    volumes.delete(req.caller().accountNumber(), false, VolumeParams.volumeId(req));
    return req.response().element("return", "true").toString();
  }
}
