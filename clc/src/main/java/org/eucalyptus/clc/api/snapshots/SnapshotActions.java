package org.eucalyptus.clc.api.snapshots;

import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.clc.storage.StorageControllers;
import org.eucalyptus.clc.storage.VolumeLookup;
import org.eucalyptus.clc.tags.TagStore;

/** The EC2 snapshot actions, each given the parts it works on (the action table adds them). */
public record SnapshotActions(SnapshotStore snapshots, VolumeLookup volumes, StorageControllers storage,
    TagStore tags) {
  public void addTo(Map<String, QueryAction> t) {
    t.put("CreateSnapshot", new CreateSnapshotAction(snapshots, volumes, storage));
    t.put("DeleteSnapshot", new DeleteSnapshotAction(snapshots, storage));
    t.put("DescribeSnapshots", new DescribeSnapshotsAction(snapshots, tags));
    t.put("DescribeSnapshotAttribute", new DescribeSnapshotAttributeAction(snapshots));
    t.put("ModifySnapshotAttribute", new ModifySnapshotAttributeAction(snapshots));
    t.put("ResetSnapshotAttribute", new ResetSnapshotAttributeAction(snapshots));
  }
}
