package org.eucalyptus.clc.instances;

import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.groups.SecurityGroup;

/**
 * What a RunInstances asks for, validated. {@code publicKey} is the key pair's OpenSSH public key;
 * {@code instanceTags} (TagSpecification's, ResourceType instance) are written with the instances.
 */
public record LaunchRequest(
    String imageId,
    int minCount,
    int maxCount,
    String vmType,
    String zone,
    String keyName,
    String publicKey,
    List<SecurityGroup> groups,
    String userData,
    String kernelId,
    String ramdiskId,
    String clientToken,
    Map<String, String> instanceTags) {}
