package org.eucalyptus.clc.api.volumes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.Ec2Permissions;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.TagFilters;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.clc.volumes.VolumeAttachment;
import org.eucalyptus.clc.volumes.VolumeStore;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * DescribeVolumes: the caller's volumes (every account's for the administrator naming {@code verbose}),
 * those named by VolumeId, passing the filters, and which the caller's policies let it see.
 */
public final class DescribeVolumesAction implements QueryAction {
  /** The filters, each reading one field of a volume or of its attachment ("" when it has none). */
  private static final Map<String, Function<VolumeStore.Described, String>> FILTERS = Map.ofEntries(
      Map.entry("volume-id", d -> d.volume().volumeId()),
      Map.entry("status", d -> d.volume().state()),
      Map.entry("size", d -> String.valueOf(d.volume().sizeGiB())),
      Map.entry("availability-zone", d -> d.volume().zone()),
      Map.entry("snapshot-id", d -> d.volume().snapshotId() == null ? "" : d.volume().snapshotId()),
      Map.entry("create-time", d -> VolumeXml.time(d.volume().createTime())),
      Map.entry("attachment.instance-id", d -> attached(d, VolumeAttachment::instanceId)),
      Map.entry("attachment.device", d -> attached(d, VolumeAttachment::device)),
      Map.entry("attachment.status", d -> attached(d, VolumeAttachment::state)),
      Map.entry("attachment.attach-time", d -> attached(d, a -> VolumeXml.time(a.attachTime()))),
      Map.entry("attachment.delete-on-termination", d -> attached(d, a -> String.valueOf(a.deleteOnTermination()))));

  private final VolumeStore volumes;
  private final TagStore tags;

  public DescribeVolumesAction(VolumeStore volumes, TagStore tags) {
    this.volumes = volumes;
    this.tags = tags;
  }

  private static String attached(VolumeStore.Described d, Function<VolumeAttachment, String> field) {
    Optional<VolumeAttachment> a = d.attachment();
    return a.map(field).orElse("");
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<String> ids = new ArrayList<>(req.list("VolumeId"));
    boolean verbose = ids.remove("verbose") && req.caller().admin();
    for (String id : ids) {
      VolumeParams.checkVolumeId(id);
    }
    Map<String, List<String>> filters = req.filters();
    for (String name : filters.keySet()) {
      if (!FILTERS.containsKey(name) && !TagFilters.isTagFilter(name)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + name + "' is invalid");
      }
    }
    List<VolumeStore.Described> found = volumes.list(req.caller().accountNumber(), verbose, ids);
    if (!ids.isEmpty()) {
      Set<String> missing = new LinkedHashSet<>(ids);
      found.forEach(d -> missing.remove(d.volume().volumeId()));
      if (!missing.isEmpty()) {
        throw new ApiException("InvalidVolume.NotFound",
            "The volume '" + String.join("', '", missing) + "' does not exist.");
      }
    }
    found = found.stream().filter(d -> Ec2Permissions.visible(req, Arns.VOLUME, d.volume().volumeId())).toList();
    Map<String, Map<String, String>> tagsById = tags.of(found.stream().map(d -> d.volume().volumeId()).toList());
    XmlWriter x = req.response().start("volumeSet");
    for (VolumeStore.Described d : found) {
      Map<String, String> t = tagsById.getOrDefault(d.volume().volumeId(), Map.of());
      boolean keep = TagFilters.matches(filters, t) && filters.entrySet().stream()
          .filter(f -> !TagFilters.isTagFilter(f.getKey()))
          .allMatch(f -> Glob.matchesAny(f.getValue(), FILTERS.get(f.getKey()).apply(d)));
      if (keep) {
        VolumeXml.item(x, d.volume(), d.attachment(), t);
      }
    }
    return x.toString();
  }
}
