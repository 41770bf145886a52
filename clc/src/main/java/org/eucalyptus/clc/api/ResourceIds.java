package org.eucalyptus.clc.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resource ids at the door: the cloud stores and emits them in lower case ({@code i-6a7295ae}),
 * and a client may send them in any case (3.1 and its clients wrote {@code i-6A7295AE}). Every
 * EC2 request's id-taking parameters, and the values of the filters that match ids, are brought
 * to lower case here, before any action reads them, so no action or query has to care.
 */
public final class ResourceIds {
  /** The last name segment of parameters that carry one id ({@code InstanceId.1}, {@code IpPermissions.1.Groups.1.GroupId}). */
  private static final Set<String> ID_PARAMS = Set.of("InstanceId", "ImageId", "KernelId", "RamdiskId", "GroupId",
      "SecurityGroupId", "ResourceId", "AllocationId", "AssociationId", "ReservationId", "KeyPairId", "SnapshotId",
      "VolumeId", "SourceSecurityGroupId");
  /** Filters whose values are ids (or globs over ids). */
  private static final Set<String> ID_FILTERS = Set.of("instance-id", "image-id", "kernel-id", "ramdisk-id", "group-id",
      "instance.group-id", "resource-id", "reservation-id", "allocation-id", "association-id", "key-pair-id",
      "snapshot-id", "volume-id");
  /** An id's form: a short prefix, a dash and hex; a value of another form is left for the action to refuse. */
  private static final Pattern ID = Pattern.compile("[A-Za-z]{1,5}-[0-9A-Fa-f]{8}([0-9A-Fa-f]{9})?");
  private static final Pattern FILTER_VALUE = Pattern.compile("Filter\\.(\\d{1,6})\\.Value\\.\\d{1,6}");

  private ResourceIds() {}

  /** The parameters with every id in lower case; the rest as sent. */
  public static Map<String, String> normalized(Map<String, String> params) {
    Map<String, String> out = new LinkedHashMap<>(params);
    for (Map.Entry<String, String> e : params.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (value == null) {
        continue;
      }
      String name = key.replaceFirst("(\\.\\d{1,6})+$", ""); // InstanceId.1 -> InstanceId
      String last = name.substring(name.lastIndexOf('.') + 1);
      if (ID_PARAMS.contains(last) && ID.matcher(value.strip()).matches()) {
        out.put(key, value.strip().toLowerCase(Locale.ROOT));
        continue;
      }
      var m = FILTER_VALUE.matcher(key);
      if (m.matches() && ID_FILTERS.contains(params.getOrDefault("Filter." + m.group(1) + ".Name", ""))) {
        out.put(key, value.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** One id in the form the cloud keeps (for the few places that read an id from elsewhere than a request). */
  public static String canonical(String id) {
    return id == null ? null : id.toLowerCase(Locale.ROOT);
  }
}
