package org.eucalyptus.clc.api.instances;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.api.TagFilters;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.common.xml.XmlWriter;

public final class DescribeInstancesAction implements QueryAction {
  /** The filters we support, each reading one field of an instance. */
  private static final Map<String, Function<Instance, String>> FILTERS = Map.ofEntries(
      Map.entry("instance-id", Instance::instanceId),
      Map.entry("instance-state-name", i -> i.state().apiName()),
      Map.entry("instance-state-code", i -> String.valueOf(i.state().code())),
      Map.entry("reservation-id", Instance::reservationId),
      Map.entry("image-id", Instance::imageId),
      Map.entry("instance-type", Instance::vmType),
      Map.entry("availability-zone", Instance::cluster),
      Map.entry("key-name", Instance::keyName),
      Map.entry("owner-id", Instance::accountNumber),
      Map.entry("private-ip-address", Instance::privateIp),
      Map.entry("ip-address", Instance::publicIp),
      Map.entry("kernel-id", Instance::kernelId),
      Map.entry("ramdisk-id", Instance::ramdiskId),
      Map.entry("launch-index", i -> String.valueOf(i.launchIndex())));

  /** Filters on the groups an instance is in. */
  private static final Set<String> GROUP_FILTERS =
      Set.of("group-id", "group-name", "instance.group-id", "instance.group-name");

  private final InstanceService instances;
  private final SecurityGroupStore groups;
  private final TagStore tags;
  /** The volumes attached to instances, by instance id (clc-volumes). */
  private final Attachments attachments;
  /** Items rendered for earlier answers, reused while nothing they show changed. */
  private final InstanceItems items = new InstanceItems(InstanceItems.DEFAULT_CAPACITY);

  /** The volumes attached to the given instances, all owned by the given accounts, by instance id. */
  @FunctionalInterface
  public interface Attachments {
    Map<String, List<org.eucalyptus.clc.volumes.VolumeAttachment>> of(java.util.Collection<String> instanceIds,
        java.util.Collection<String> accounts);
  }

  public DescribeInstancesAction(InstanceService instances, SecurityGroupStore groups, TagStore tags) {
    this(instances, groups, tags, (ids, accounts) -> Map.of());
  }

  public DescribeInstancesAction(InstanceService instances, SecurityGroupStore groups, TagStore tags,
      Attachments attachments) {
    this.instances = instances;
    this.groups = groups;
    this.tags = tags;
    this.attachments = attachments;
  }

  /**
   * The exact values of an instance-id filter (none holding a wildcard), which only those instances
   * can match; null when there is no such filter.
   */
  private static List<String> exactInstanceIds(Map<String, List<String>> filters) {
    List<String> values = filters.get("instance-id");
    if (values == null || values.stream().anyMatch(v -> v.indexOf('*') >= 0 || v.indexOf('?') >= 0)) {
      return null;
    }
    return values;
  }

  @Override
  public CharSequence execute(QueryRequest req) throws ApiException {
    List<String> ids = new java.util.ArrayList<>(req.list("InstanceId"));
    boolean verbose = ids.remove("verbose");
    InstanceIds.checkWellFormed(ids);
    Map<String, List<String>> filters = req.filters();
    for (String name : filters.keySet()) {
      if (!FILTERS.containsKey(name) && !GROUP_FILTERS.contains(name) && !TagFilters.isTagFilter(name)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + name + "' is invalid");
      }
    }
    List<Instance> found = instances.listed(req.caller(), ids, verbose, exactInstanceIds(filters));
    if (!ids.isEmpty()) {
      Set<String> missing = new LinkedHashSet<>(ids);
      found.forEach(i -> missing.remove(i.instanceId()));
      if (!missing.isEmpty()) {
        throw new ApiException("InvalidInstanceID.NotFound",
            "The instance ID '" + String.join("', '", missing) + "' does not exist");
      }
    }
    // What the caller's policies do not let it see is left out.
    found = found.stream().filter(i -> Ec2Permissions.visible(req, Arns.INSTANCE, i.instanceId())).toList();
    Set<String> groupIds = new java.util.HashSet<>();
    found.forEach(i -> groupIds.addAll(i.groupIds()));
    Map<String, SecurityGroup> groupsById = groups.byIds(groupIds);
    Set<String> accounts = new java.util.HashSet<>();
    found.forEach(i -> accounts.add(i.accountNumber()));
    Map<String, Map<String, String>> tagsById = tags.of(found.stream().map(Instance::instanceId).toList(), accounts);
    Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
    for (Instance i : found) {
      boolean keep = TagFilters.matches(filters, tagsById.getOrDefault(i.instanceId(), Map.of()))
          && filters.entrySet().stream().filter(f -> !TagFilters.isTagFilter(f.getKey()))
          .allMatch(f -> GROUP_FILTERS.contains(f.getKey())
          ? i.groupIds().stream().anyMatch(id -> Glob.matchesAny(f.getValue(),
              f.getKey().endsWith("group-id") ? id : groupsById.containsKey(id) ? groupsById.get(id).name() : ""))
          : Glob.matchesAny(f.getValue(), FILTERS.get(f.getKey()).apply(i)));
      if (keep) {
        byReservation.computeIfAbsent(i.reservationId(), k -> new java.util.ArrayList<>()).add(i);
      }
    }
    var volumes = attachments.of(byReservation.values().stream().flatMap(List::stream).map(Instance::instanceId)
        .toList(), accounts);
    XmlWriter x = req.response().start("reservationSet");
    for (List<Instance> r : byReservation.values()) {
      Instance first = r.get(0);
      x.start("item").element("reservationId", first.reservationId()).element("ownerId", first.accountNumber());
      InstanceXml.groups(x, first, groupsById);
      x.start("instancesSet");
      r.forEach(i -> x.fragment(items.item(i, groupsById, tagsById.get(i.instanceId()),
          volumes.getOrDefault(i.instanceId(), List.of()))));
      x.end().end();
    }
    return x.document();
  }
}
