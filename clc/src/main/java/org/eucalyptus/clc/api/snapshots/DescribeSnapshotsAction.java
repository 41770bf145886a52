package org.eucalyptus.clc.api.snapshots;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.Ec2Permissions;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.TagFilters;
import org.eucalyptus.clc.snapshots.CreateVolumePermission;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * The snapshots the caller may create volumes from: its own account's, and others' shared with its
 * account or with all (the cloud administrator sees every one). Owner narrows them by owner
 * ({@code self} or account numbers), RestorableBy by who else may restore them ({@code self},
 * account numbers, {@code all}); filters as EC2's, tags shown and filtered for the caller's own.
 */
public final class DescribeSnapshotsAction implements QueryAction {
  private static final Map<String, Function<Snapshot, String>> FILTERS = Map.ofEntries(
      Map.entry("snapshot-id", Snapshot::snapshotId),
      Map.entry("volume-id", Snapshot::volumeId),
      Map.entry("status", Snapshot::state),
      Map.entry("progress", Snapshot::progress),
      Map.entry("start-time", s -> SnapshotXml.time(s.startTime())),
      Map.entry("owner-id", Snapshot::accountNumber),
      Map.entry("volume-size", s -> String.valueOf(s.volumeSizeGiB())),
      Map.entry("description", s -> s.description() == null ? "" : s.description()));

  private final SnapshotStore snapshots;
  private final TagStore tags;

  public DescribeSnapshotsAction(SnapshotStore snapshots, TagStore tags) {
    this.snapshots = snapshots;
    this.tags = tags;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    String me = req.caller().accountNumber();
    boolean admin = req.authorization().cloudAdmin();
    List<String> ids = req.list("SnapshotId");
    for (String id : ids) {
      SnapshotRefs.checkedId(id);
    }
    List<String> owners = req.list("Owner").stream().map(o -> o.equals("self") ? me : o).toList();
    List<String> restorableBy = req.list("RestorableBy").stream().map(o -> o.equals("self") ? me : o).toList();
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!FILTERS.containsKey(f) && !TagFilters.isTagFilter(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    List<Snapshot> all = snapshots.all();
    Map<String, Set<String>> shared = snapshots.sharedWith(all.stream().map(Snapshot::snapshotId).toList());
    Map<String, Map<String, String>> tagsById = tags.of(all.stream().filter(s -> s.accountNumber().equals(me))
        .map(Snapshot::snapshotId).toList());
    Set<String> missing = new LinkedHashSet<>(ids);
    XmlWriter x = req.response().start("snapshotSet");
    for (Snapshot s : all) {
      Set<String> with = shared.get(s.snapshotId());
      if (!admin && !SnapshotStore.restorableBy(s, me, with)) {
        continue;
      }
      if (!ids.isEmpty() && !ids.contains(s.snapshotId())) {
        continue;
      }
      missing.remove(s.snapshotId());
      if (!Ec2Permissions.visible(req, Arns.SNAPSHOT, s.snapshotId())) {
        continue;
      }
      if (!owners.isEmpty() && !owners.contains(s.accountNumber())) {
        continue;
      }
      if (!restorableBy.isEmpty() && restorableBy.stream().noneMatch(a -> a.equals(CreateVolumePermission.ALL)
          ? with.contains(CreateVolumePermission.ALL) : SnapshotStore.restorableBy(s, a, with))) {
        continue;
      }
      Map<String, String> t = tagsById.getOrDefault(s.snapshotId(), Map.of());
      if (!TagFilters.matches(filters, t) || !filters.entrySet().stream().filter(f -> FILTERS.containsKey(f.getKey()))
          .allMatch(f -> Glob.matchesAny(f.getValue(), FILTERS.get(f.getKey()).apply(s)))) {
        continue;
      }
      SnapshotXml.fields(x.start("item"), s, t).end();
    }
    if (!missing.isEmpty()) {
      throw new ApiException("InvalidSnapshot.NotFound",
          "The snapshot '" + String.join(", ", missing) + "' does not exist.");
    }
    return x.toString();
  }
}
