package org.eucalyptus.clc.instances;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.keypairs.KeyPair;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;

/**
 * A launch made again from what an instance's record says (its image, type, key, groups, user data):
 * an interrupted launch resumed, or a stopped instance started.
 */
public final class LaunchRecords {
  private static final Logger LOG = LogManager.getLogger(LaunchRecords.class);

  /** The launch again, or why it cannot be made ({@code gone}, the rest null). */
  public record Relaunch(LaunchRequest request, Image image, VmType type, String gone) {}

  private final ImageStore images;
  private final VmTypes vmTypes;
  private final KeyPairStore keyPairs;
  private final SecurityGroupStore groups;

  public LaunchRecords(ImageStore images, VmTypes vmTypes, KeyPairStore keyPairs, SecurityGroupStore groups) {
    this.images = images;
    this.vmTypes = vmTypes;
    this.keyPairs = keyPairs;
    this.groups = groups;
  }

  /** The launch of {@code count} instances like {@code first} in {@code zone}. */
  public Relaunch of(Instance first, String zone, int count) {
    String gone = null;
    Image image = images.find(first.imageId()).orElse(null);
    VmType type = vmTypes.find(first.vmType()).orElse(null);
    List<SecurityGroup> launchGroups = new ArrayList<>();
    Map<String, SecurityGroup> found = groups.byIds(first.groupIds());
    for (String id : first.groupIds()) {
      if (found.containsKey(id)) {
        launchGroups.add(found.get(id));
      } else {
        gone = "its security group " + id + " no longer exists";
      }
    }
    if (launchGroups.isEmpty() && gone == null) {
      launchGroups.add(groups.ensureDefault(first.accountNumber()));
    }
    if (image == null) {
      gone = "its image " + first.imageId() + " no longer exists";
    } else if (type == null) {
      gone = "its instance type " + first.vmType() + " no longer exists";
    }
    if (gone != null) {
      return new Relaunch(null, null, null, gone);
    }
    String publicKey = null;
    if (first.keyName() != null) {
      publicKey = keyPairs.find(first.accountNumber(), first.keyName()).map(KeyPair::publicKey).orElse(null);
      if (publicKey == null) {
        LOG.warn("key pair {} of {} is gone: launched again without it", first.keyName(), first.instanceId());
      }
    }
    LaunchRequest req = new LaunchRequest(first.imageId(), 1, count, type.name(), zone, first.keyName(), publicKey,
        launchGroups, first.userData(), first.kernelId(), first.ramdiskId(), null,
        java.util.Map.of());
    return new Relaunch(req, image, type, null);
  }
}
