package org.eucalyptus.clc.api.instances;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.groups.GroupRefs;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.instances.LaunchRequest;
import org.eucalyptus.clc.keypairs.KeyPair;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.xml.XmlWriter;

public final class RunInstancesAction implements QueryAction {
  /** The largest reservation one request may ask for. */
  static final int MAX_COUNT = 1000;
  /** EC2's limit on user data: 16 KiB before base64. */
  static final int MAX_USER_DATA = 16 * 1024;

  private final InstanceService instances;
  private final ImageStore images;
  private final VmTypes vmTypes;
  private final KeyPairStore keyPairs;
  private final SecurityGroupStore groups;
  private final LaunchMappings mappings;

  public RunInstancesAction(InstanceService instances, ImageStore images, VmTypes vmTypes, KeyPairStore keyPairs,
      SecurityGroupStore groups, org.eucalyptus.clc.storage.SnapshotLookup snapshots) {
    this.mappings = new LaunchMappings(images, snapshots);
    this.instances = instances;
    this.images = images;
    this.vmTypes = vmTypes;
    this.keyPairs = keyPairs;
    this.groups = groups;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String imageId = req.required("ImageId");
    int min = count(req, "MinCount");
    int max = count(req, "MaxCount");
    if (min > max) {
      throw ApiException.invalid("MinCount", String.valueOf(min), "It must be no greater than MaxCount (" + max + ").");
    }
    String typeName = req.param("InstanceType") == null ? VmTypes.DEFAULT : req.param("InstanceType");
    VmType type = vmTypes.find(typeName)
        .orElseThrow(() -> ApiException.invalid("InstanceType", typeName, "No such instance type."));
    Image image = findMachineImage(req, imageId);
    String kernelId = req.param("KernelId") != null ? req.param("KernelId") : image.kernelId();
    String ramdiskId = req.param("RamdiskId") != null ? req.param("RamdiskId") : image.ramdiskId();
    checkImageRef(req, "KernelId", kernelId, "kernel");
    checkImageRef(req, "RamdiskId", ramdiskId, "ramdisk");
    String keyName = req.param("KeyName");
    KeyPair keyPair = null;
    if (keyName != null) {
      keyPair = keyPairs.find(req.caller().accountNumber(), keyName).orElseThrow(() ->
          new ApiException("InvalidKeyPair.NotFound", "The key pair '" + keyName + "' does not exist"));
    }
    List<SecurityGroup> groups = new ArrayList<>();
    for (String name : req.list("SecurityGroup")) {
      groups.add(name.equals(SecurityGroup.DEFAULT) ? this.groups.ensureDefault(req.caller().accountNumber())
          : this.groups.findByName(req.caller().accountNumber(), name).orElseThrow(() ->
              new ApiException("InvalidGroup.NotFound", "The security group '" + name + "' does not exist")));
    }
    for (String id : req.list("SecurityGroupId")) {
      groups.add(GroupRefs.byId(this.groups, req.caller(), id));
    }
    if (groups.isEmpty()) {
      groups.add(this.groups.ensureDefault(req.caller().accountNumber()));
    }
    if (groups.size() > 64) {
      throw ApiException.invalid("SecurityGroup", String.valueOf(groups.size()), "At most 64 groups.");
    }
    String userData = userData(req.param("UserData"));
    String zone = req.param("Placement.AvailabilityZone");
    String token = req.param("ClientToken");
    if (token != null && token.length() > 64) {
      throw ApiException.invalid("ClientToken", token, "It is at most 64 characters.");
    }
    // TagSpecification.N: the instances' tags and their launch volumes' (EC2 tags nothing else at launch here).
    Map<String, Map<String, String>> tags = org.eucalyptus.clc.api.tags.TagSpecifications.read(req,
        java.util.Set.of("instance", "volume"));
    List<org.eucalyptus.clc.volumes.LaunchVolume> volumes = mappings.resolve(req, image,
        tags.getOrDefault("volume", Map.of()));
    LaunchRequest launch = new LaunchRequest(image.imageId(), min, max, type.name(), zone, keyName,
        keyPair == null ? null : keyPair.publicKey(), groups, userData, kernelId, ramdiskId, token,
        tags.getOrDefault("instance", Map.of()));
    List<Instance> started = instances.launch(req.caller(), launch, image, type,
        QuotaClaim.of(req.authorization(), "ec2:RunInstances", Quotas.VM_INSTANCE_NUMBER),
        new org.eucalyptus.clc.volumes.BootVolumes.Claims(
            QuotaClaim.of(req.authorization(), "ec2:RunInstances", Quotas.VOLUME_NUMBER),
            QuotaClaim.of(req.authorization(), "ec2:RunInstances", Quotas.VOLUME_TOTAL_SIZE)), volumes);
    Instance first = started.get(0);
    Map<String, SecurityGroup> byId = new java.util.LinkedHashMap<>();
    groups.forEach(g -> byId.put(g.groupId(), g));
    XmlWriter x = req.response()
        .element("reservationId", first.reservationId())
        .element("ownerId", first.accountNumber());
    InstanceXml.groups(x, first, byId);
    x.start("instancesSet");
    started.forEach(i -> InstanceXml.write(x, i, byId, launch.instanceTags()));
    return x.end().toString();
  }

  /** MinCount or MaxCount: required, a whole number from 1 to {@link #MAX_COUNT}. */
  private static int count(QueryRequest req, String name) throws ApiException {
    String v = req.param(name);
    if (v == null) {
      throw ApiException.missing(name);
    }
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > MAX_COUNT) {
      throw ApiException.invalid(name, v, "It must be a whole number from 1 to " + MAX_COUNT + ".");
    }
    return n;
  }

  /**
   * User data as EC2 takes it: base64 (line breaks allowed) of at most 16 KiB. Returned without the
   * line breaks, as it is stored. The MIME decoder would skip any character it does not know, so
   * the check is the strict decoder's.
   */
  static String userData(String raw) throws ApiException {
    if (raw == null) {
      return null;
    }
    String compact = raw.replaceAll("[\\r\\n\\t ]", "");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw new ApiException("InvalidParameterValue", "Invalid BASE64 encoding of user data.");
    }
    if (decoded.length > MAX_USER_DATA) {
      throw new ApiException("InvalidParameterValue", "User data is limited to " + MAX_USER_DATA + " bytes (this is "
          + decoded.length + ").");
    }
    return compact.isEmpty() ? null : compact;
  }

  private Image findMachineImage(QueryRequest req, String imageId) throws ApiException {
    if (!imageId.matches("[ea]mi-[0-9a-fA-F]{8}")) {
      throw new ApiException("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
    }
    Image image = images.launchable(imageId, req.caller().accountNumber()).orElseThrow(() ->
        new ApiException("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist"));
    if (!image.imageType().equals("machine")) {
      throw ApiException.invalid("ImageId", imageId, "It is not a machine image.");
    }
    return image;
  }

  private void checkImageRef(QueryRequest req, String param, String id, String type) throws ApiException {
    if (id == null) {
      return;
    }
    Image image = images.launchable(id, req.caller().accountNumber()).orElse(null);
    if (image == null || !image.imageType().equals(type)) {
      throw ApiException.invalid(param, id, "No such " + type + " image.");
    }
  }
}
