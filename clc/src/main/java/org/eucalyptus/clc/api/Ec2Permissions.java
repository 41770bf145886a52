package org.eucalyptus.clc.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.common.policy.Authorization;

/**
 * What every EC2 action is checked against before it runs: its IAM action ({@code ec2:} and the
 * action's name) on the resources its parameters name, as Eucalyptus 3.1's resource types
 * ({@code arn:aws:ec2:::keypair/NAME}). Each resource must be allowed; an action that names none
 * (or a request that leaves out what its action names) is checked on {@code *}. A Describe is
 * refused as a whole only when no statement could allow it; it then leaves out what the caller
 * may not see ({@link #visible}). Security groups are named by their names, as in 3.1, so a group
 * given by id is looked up first: a policy on a name holds whichever way the group is named.
 *
 * <p>{@link #guard} wraps a table of actions and refuses to serve one that has no declaration
 * here, so no action can be added without saying what it touches.
 */
public final class Ec2Permissions {
  /** The resources a request acts on, as ARNs; empty when the request names none of them. */
  @FunctionalInterface
  interface Resources {
    List<String> of(QueryRequest req);
  }

  /** How an action is checked: on its resources, or (a Describe) as a whole and then item by item. */
  private record Declaration(Resources resources, boolean filtersItems) {}

  private static final List<String> EVERYTHING = List.of("*");

  private final SecurityGroupStore groups;
  private final Map<String, Declaration> declared;

  public Ec2Permissions(SecurityGroupStore groups) {
    this.groups = groups;
    this.declared = declarations();
  }

  /** The IAM action an EC2 action is checked as. */
  public static String iamAction(String ec2Action) {
    return "ec2:" + ec2Action;
  }

  /**
   * Whether a Describe's caller may see the item {@code type/id}: the action on its ARN is
   * allowed. Decisions are remembered in the request's Authorization.
   */
  public static boolean visible(QueryRequest req, String type, String id) {
    Authorization a = req.authorization();
    return a.cloudAdmin() || a.allows(iamAction(req.action()), Arns.ec2(type, id));
  }

  /** The actions that have a declaration here. */
  public Set<String> declaredActions() {
    return declared.keySet();
  }

  /** {@code actions}, each checked before it runs; an action without a declaration is a programming error. */
  public Map<String, QueryAction> guard(Map<String, QueryAction> actions) {
    Map<String, QueryAction> out = new LinkedHashMap<>();
    for (Map.Entry<String, QueryAction> e : actions.entrySet()) {
      Declaration d = declared.get(e.getKey());
      if (d == null) {
        throw new IllegalStateException("The EC2 action " + e.getKey() + " declares no permission (Ec2Permissions)");
      }
      QueryAction action = e.getValue();
      out.put(e.getKey(), req -> {
        check(req, d);
        return action.execute(req);
      });
    }
    return out;
  }

  private static void check(QueryRequest req, Declaration d) throws ApiException {
    Authorization a = req.authorization();
    if (a.cloudAdmin()) {
      return;
    }
    String iamAction = iamAction(req.action());
    if (d.filtersItems()) {
      if (!a.mayAttempt(iamAction)) {
        throw ApiErrors.unauthorizedOperation();
      }
      return;
    }
    List<String> arns = d.resources().of(req);
    for (String arn : arns.isEmpty() ? EVERYTHING : arns) {
      if (!a.allows(iamAction, arn)) {
        throw ApiErrors.unauthorizedOperation();
      }
    }
  }

  private Map<String, Declaration> declarations() {
    Map<String, Declaration> m = new LinkedHashMap<>();
    Declaration none = new Declaration(req -> EVERYTHING, false);
    Declaration described = new Declaration(req -> EVERYTHING, true);
    Declaration instance = on(one(Arns.INSTANCE, "InstanceId"));
    Declaration instances = on(list(Arns.INSTANCE, "InstanceId"));
    Declaration image = on(one(Arns.IMAGE, "ImageId"));
    Declaration keyPair = on(one(Arns.KEY_PAIR, "KeyName"));
    Declaration address = on(one(Arns.ADDRESS, "PublicIp"));
    Declaration targetGroup = on(this::targetGroup);

    m.put("DescribeAvailabilityZones", described);
    m.put("DescribeRegions", none);
    m.put("DescribeInstanceTypes", described);
    m.put("ModifyInstanceTypeAttribute", on(one(Arns.VM_TYPE, "Name")));
    m.put("RunInstances", on(this::launch));
    m.put("DescribeInstances", described);
    m.put("TerminateInstances", instances);
    m.put("RebootInstances", instances);
    m.put("StopInstances", instances);
    m.put("StartInstances", instances);
    m.put("DescribeInstanceAttribute", instance);
    m.put("ModifyInstanceAttribute", on(req -> concat(one(Arns.INSTANCE, "InstanceId").of(req), groupIds(req, "GroupId"))));
    m.put("ResetInstanceAttribute", instance);
    m.put("DescribeAccountAttributes", none);
    m.put("GetConsoleOutput", instance);
    m.put("DescribeInstanceStatus", described);
    // The image to be has no id yet; the images it names (kernel, ramdisk) are checked.
    m.put("RegisterImage", on(req -> concat(EVERYTHING, imageRefs(req, "KernelId", "RamdiskId"))));
    m.put("DescribeImages", described);
    m.put("DeregisterImage", image);
    m.put("DescribeImageAttribute", image);
    m.put("ModifyImageAttribute", image);
    m.put("ResetImageAttribute", image);
    m.put("CreateKeyPair", keyPair);
    m.put("ImportKeyPair", keyPair);
    m.put("DescribeKeyPairs", described);
    m.put("DeleteKeyPair", keyPair);
    m.put("CreateSecurityGroup", on(one(Arns.SECURITY_GROUP, "GroupName")));
    m.put("DeleteSecurityGroup", targetGroup);
    m.put("DescribeSecurityGroups", described);
    m.put("AuthorizeSecurityGroupIngress", targetGroup);
    m.put("RevokeSecurityGroupIngress", targetGroup);
    // A new address is not known until it is allocated.
    m.put("AllocateAddress", none);
    m.put("AssociateAddress", on(req -> concat(one(Arns.ADDRESS, "PublicIp").of(req),
        one(Arns.INSTANCE, "InstanceId").of(req))));
    m.put("DisassociateAddress", address);
    m.put("ReleaseAddress", address);
    m.put("DescribeAddresses", described);
    m.put("SetClusterAddresses", on(list(Arns.ADDRESS, "PublicIp")));
    m.put("CreateTags", on(this::tagged));
    m.put("DeleteTags", on(this::tagged));
    m.put("DescribeTags", described);
    // clc-volumes: a new volume has no id yet (its zone is checked); the others act on their volume,
    // AttachVolume on the instance too, DetachVolume on the instance when one is named.
    Declaration volume = on(one(Arns.VOLUME, "VolumeId"));
    m.put("CreateVolume", on(req -> req.param("AvailabilityZone") == null ? EVERYTHING
        : List.of(Arns.ec2(Arns.AVAILABILITY_ZONE, req.param("AvailabilityZone")))));
    m.put("DeleteVolume", volume);
    m.put("DescribeVolumes", described);
    m.put("AttachVolume", on(req -> concat(one(Arns.VOLUME, "VolumeId").of(req), one(Arns.INSTANCE, "InstanceId").of(req))));
    m.put("DetachVolume", on(req -> concat(one(Arns.VOLUME, "VolumeId").of(req), one(Arns.INSTANCE, "InstanceId").of(req))));
    // clc-snapshots: a snapshot by its id; CreateSnapshot on the new snapshot (no id yet: *) and its volume.
    Declaration snapshot = on(one(Arns.SNAPSHOT, "SnapshotId"));
    m.put("CreateSnapshot", on(req -> concat(EVERYTHING, one(Arns.VOLUME, "VolumeId").of(req))));
    m.put("DeleteSnapshot", snapshot);
    m.put("DescribeSnapshots", described);
    m.put("DescribeSnapshotAttribute", snapshot);
    m.put("ModifySnapshotAttribute", snapshot);
    m.put("ResetSnapshotAttribute", snapshot);
    return Map.copyOf(m);
  }

  private static Declaration on(Resources r) {
    return new Declaration(r, false);
  }

  private static Resources one(String type, String param) {
    return req -> req.param(param) == null ? List.of() : List.of(Arns.ec2(type, req.param(param)));
  }

  private static Resources list(String type, String param) {
    return req -> req.list(param).stream().filter(v -> !v.isEmpty()).map(v -> Arns.ec2(type, v)).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<String> imageRefs(QueryRequest req, String... params) {
    List<String> out = new ArrayList<>();
    for (String p : params) {
      if (req.param(p) != null) {
        out.add(Arns.ec2(Arns.IMAGE, req.param(p)));
      }
    }
    return out;
  }

  /** RunInstances: its images, key pair, groups (the default one when none is named), instance type and zone. */
  private List<String> launch(QueryRequest req) {
    List<String> out = new ArrayList<>(imageRefs(req, "ImageId", "KernelId", "RamdiskId"));
    if (req.param("KeyName") != null) {
      out.add(Arns.ec2(Arns.KEY_PAIR, req.param("KeyName")));
    }
    List<String> groupArns = new ArrayList<>(list(Arns.SECURITY_GROUP, "SecurityGroup").of(req));
    groupArns.addAll(groupIds(req, "SecurityGroupId"));
    if (groupArns.isEmpty()) {
      groupArns.add(Arns.ec2(Arns.SECURITY_GROUP, SecurityGroup.DEFAULT));
    }
    out.addAll(groupArns);
    out.add(Arns.ec2(Arns.VM_TYPE, req.param("InstanceType") == null ? VmTypes.DEFAULT : req.param("InstanceType")));
    if (req.param("Placement.AvailabilityZone") != null) {
      out.add(Arns.ec2(Arns.AVAILABILITY_ZONE, req.param("Placement.AvailabilityZone")));
    }
    return out;
  }

  /** The group of an Authorize/Revoke/Delete request: GroupId (by its name) or GroupName. */
  private List<String> targetGroup(QueryRequest req) {
    if (req.param("GroupId") != null) {
      return List.of(groupArn(req, req.param("GroupId")));
    }
    return one(Arns.SECURITY_GROUP, "GroupName").of(req);
  }

  private List<String> groupIds(QueryRequest req, String param) {
    return req.list(param).stream().filter(v -> !v.isEmpty()).map(id -> groupArn(req, id)).toList();
  }

  /** A group named by id, as its name's ARN; an id that names no group of the caller's stays an id. */
  private String groupArn(QueryRequest req, String groupId) {
    String name = groups.findById(groupId).filter(g -> g.accountNumber().equals(req.caller().accountNumber()))
        .map(SecurityGroup::name).orElse(groupId);
    return Arns.ec2(Arns.SECURITY_GROUP, name);
  }

  /** The resources of a tag request, by their ids' prefixes; an id of no known kind is checked on {@code *}. */
  private List<String> tagged(QueryRequest req) {
    List<String> out = new ArrayList<>();
    for (String id : req.list("ResourceId")) {
      out.add(tagResource(req, id));
    }
    return out;
  }

  private String tagResource(QueryRequest req, String id) {
    if (id.startsWith("i-")) {
      return Arns.ec2(Arns.INSTANCE, id);
    }
    if (id.startsWith("sg-")) {
      return groupArn(req, id);
    }
    if (id.matches("(emi|eki|eri|ami)-.*")) {
      return Arns.ec2(Arns.IMAGE, id);
    }
    if (id.startsWith("vol-")) {
      return Arns.ec2(Arns.VOLUME, id);
    }
    if (id.startsWith("snap-")) { // clc-snapshots
      return Arns.ec2(Arns.SNAPSHOT, id);
    }
    return "*";
  }

  /** The ARN of a tagged resource of the caller's account, by its id and type as tags keep them. */
  public static String taggedArn(String resourceId, String resourceType, Map<String, SecurityGroup> groupsById) {
    return switch (resourceType) {
      case "instance" -> Arns.ec2(Arns.INSTANCE, resourceId);
      case "volume" -> Arns.ec2(Arns.VOLUME, resourceId);
      case "security-group" -> Arns.ec2(Arns.SECURITY_GROUP,
          groupsById.containsKey(resourceId) ? groupsById.get(resourceId).name() : resourceId);
      case "snapshot" -> Arns.ec2(Arns.SNAPSHOT, resourceId); // clc-snapshots
      default -> Arns.ec2(Arns.IMAGE, resourceId);
    };
  }
}
