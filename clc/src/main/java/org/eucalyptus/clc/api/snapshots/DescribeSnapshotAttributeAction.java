package org.eucalyptus.clc.api.snapshots;

import java.util.List;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.snapshots.CreateVolumePermission;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.common.xml.XmlWriter;

/** Whom one of the caller's snapshots is shared with (createVolumePermission), or its product codes (none). */
public final class DescribeSnapshotAttributeAction implements QueryAction {
  private final SnapshotStore snapshots;

  public DescribeSnapshotAttributeAction(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    Snapshot snap = SnapshotRefs.owned(snapshots, req);
    String attribute = req.required("Attribute");
    XmlWriter x = req.response().element("snapshotId", snap.snapshotId());
    switch (attribute) {
      case "createVolumePermission" -> {
        x.start("createVolumePermission");
        for (String who : snapshots.sharedWith(List.of(snap.snapshotId())).get(snap.snapshotId())) {
          x.start("item").element(who.equals(CreateVolumePermission.ALL) ? "group" : "userId", who).end();
        }
        x.end();
      }
      case "productCodes" -> x.empty("productCodes");
      default -> throw ApiException.invalid("Attribute", attribute, "Use createVolumePermission or productCodes.");
    }
    return x.toString();
  }
}
