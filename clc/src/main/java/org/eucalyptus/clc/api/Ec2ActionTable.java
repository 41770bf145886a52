package org.eucalyptus.clc.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.addresses.AllocateAddressAction;
import org.eucalyptus.clc.api.addresses.AssociateAddressAction;
import org.eucalyptus.clc.api.addresses.DescribeAddressesAction;
import org.eucalyptus.clc.api.addresses.DisassociateAddressAction;
import org.eucalyptus.clc.api.addresses.ReleaseAddressAction;
import org.eucalyptus.clc.api.addresses.SetClusterAddressesAction;
import org.eucalyptus.clc.api.groups.AuthorizeSecurityGroupIngressAction;
import org.eucalyptus.clc.api.groups.CreateSecurityGroupAction;
import org.eucalyptus.clc.api.groups.DeleteSecurityGroupAction;
import org.eucalyptus.clc.api.groups.DescribeSecurityGroupsAction;
import org.eucalyptus.clc.api.groups.RevokeSecurityGroupIngressAction;
import org.eucalyptus.clc.api.images.DeregisterImageAction;
import org.eucalyptus.clc.api.images.DescribeImageAttributeAction;
import org.eucalyptus.clc.api.images.DescribeImagesAction;
import org.eucalyptus.clc.api.images.ModifyImageAttributeAction;
import org.eucalyptus.clc.api.images.RegisterImageAction;
import org.eucalyptus.clc.api.images.ResetImageAttributeAction;
import org.eucalyptus.clc.api.instances.DescribeInstanceStatusAction;
import org.eucalyptus.clc.api.instances.DescribeInstancesAction;
import org.eucalyptus.clc.api.instances.GetConsoleOutputAction;
import org.eucalyptus.clc.api.instances.RebootInstancesAction;
import org.eucalyptus.clc.api.instances.RunInstancesAction;
import org.eucalyptus.clc.api.instances.TerminateInstancesAction;
import org.eucalyptus.clc.api.keypairs.CreateKeyPairAction;
import org.eucalyptus.clc.api.keypairs.DeleteKeyPairAction;
import org.eucalyptus.clc.api.keypairs.DescribeKeyPairsAction;
import org.eucalyptus.clc.api.keypairs.ImportKeyPairAction;
import org.eucalyptus.clc.api.tags.CreateTagsAction;
import org.eucalyptus.clc.api.tags.DeleteTagsAction;
import org.eucalyptus.clc.api.tags.DescribeTagsAction;
import org.eucalyptus.clc.api.vmtypes.DescribeInstanceTypesAction;
import org.eucalyptus.clc.api.vmtypes.ModifyInstanceTypeAttributeAction;
import org.eucalyptus.clc.api.zones.DescribeAvailabilityZonesAction;
import org.eucalyptus.clc.api.zones.DescribeRegionsAction;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.clusters.ClusterNetworks;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.clusters.ClusterStateSync;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.images.WalrusManifests;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.clc.vmtypes.VmTypes;

/**
 * Every EC2 action the cloud controller answers, in one table, each given the parts it works on,
 * and each checked against the caller's policies as {@link Ec2Permissions} declares.
 *
 * @param walrusUrl WALRUS_URL as DescribeRegions reports it, or null
 * @param publicByDefault whether a newly registered image may be launched by every account
 */
public record Ec2ActionTable(ClusterRegistry clusters, ClusterStateSync sync, ClusterClients clients,
    ClusterNetworks networks, String region, String walrusUrl, InstanceService instances, ImageStore images,
    WalrusManifests manifests, BooleanSupplier publicByDefault, IdentityStore identity, VmTypes vmTypes,
    KeyPairStore keyPairs, SecurityGroupStore groups, TagStore tags, AddressStore addresses,
    org.eucalyptus.clc.volumes.VolumeService volumes, org.eucalyptus.clc.storage.SnapshotLookup snapshots,
    java.util.function.Supplier<org.eucalyptus.clc.volumes.VolumeStore.SizeLimits> volumeLimits,
    // clc-snapshots
    org.eucalyptus.clc.api.snapshots.SnapshotActions snapshotActions) {

  public Map<String, QueryAction> actions() {
    Map<String, QueryAction> t = new LinkedHashMap<>();
    t.put("DescribeAvailabilityZones", new DescribeAvailabilityZonesAction(clusters, sync, clients, vmTypes, region));
    t.put("DescribeRegions", new DescribeRegionsAction(region, walrusUrl));
    t.put("DescribeInstanceTypes", new DescribeInstanceTypesAction(vmTypes));
    t.put("ModifyInstanceTypeAttribute", new ModifyInstanceTypeAttributeAction(vmTypes));
    t.put("RunInstances", new RunInstancesAction(instances, images, vmTypes, keyPairs, groups, snapshots));
    t.put("DescribeInstances", new DescribeInstancesAction(instances, groups, tags, volumes.store()::attachmentsOf));
    t.put("TerminateInstances", new TerminateInstancesAction(instances));
    t.put("RebootInstances", new RebootInstancesAction(instances));
    t.put("StopInstances", new org.eucalyptus.clc.api.instances.StopInstancesAction(instances));
    t.put("StartInstances", new org.eucalyptus.clc.api.instances.StartInstancesAction(instances,
        new org.eucalyptus.clc.instances.LaunchRecords(images, vmTypes, keyPairs, groups)));
    t.put("DescribeInstanceAttribute",
        new org.eucalyptus.clc.api.instances.DescribeInstanceAttributeAction(instances, groups));
    t.put("ModifyInstanceAttribute", new org.eucalyptus.clc.api.instances.ModifyInstanceAttributeAction(instances,
        volumes.store()));
    t.put("ResetInstanceAttribute", new org.eucalyptus.clc.api.instances.ResetInstanceAttributeAction(instances));
    org.eucalyptus.clc.clusters.ClusterCapacity capacity =
        new org.eucalyptus.clc.clusters.ClusterCapacity(clusters, sync, clients, vmTypes);
    t.put("DescribeAccountAttributes", new org.eucalyptus.clc.api.account.DescribeAccountAttributesAction(
        capacity::maxInstances, () -> addresses.all().size()));
    t.put("GetConsoleOutput", new GetConsoleOutputAction(instances));
    t.put("DescribeInstanceStatus", new DescribeInstanceStatusAction(instances));
    t.put("RegisterImage", new RegisterImageAction(images,
        () -> publicByDefault.getAsBoolean(), manifests, identity, identity, snapshots));
    t.put("DescribeImages", new DescribeImagesAction(images, tags));
    t.put("DeregisterImage", new DeregisterImageAction(images));
    t.put("DescribeImageAttribute", new DescribeImageAttributeAction(images));
    t.put("ModifyImageAttribute", new ModifyImageAttributeAction(images));
    t.put("ResetImageAttribute", new ResetImageAttributeAction(images));
    t.put("CreateKeyPair", new CreateKeyPairAction(keyPairs));
    t.put("ImportKeyPair", new ImportKeyPairAction(keyPairs));
    t.put("DescribeKeyPairs", new DescribeKeyPairsAction(keyPairs));
    t.put("DeleteKeyPair", new DeleteKeyPairAction(keyPairs));
    t.put("CreateSecurityGroup", new CreateSecurityGroupAction(groups));
    t.put("DeleteSecurityGroup", new DeleteSecurityGroupAction(groups));
    t.put("DescribeSecurityGroups", new DescribeSecurityGroupsAction(groups, tags));
    t.put("AuthorizeSecurityGroupIngress", new AuthorizeSecurityGroupIngressAction(groups,
        networks::rulesChanged));
    t.put("RevokeSecurityGroupIngress", new RevokeSecurityGroupIngressAction(groups, networks::rulesChanged));
    t.put("AllocateAddress", new AllocateAddressAction(addresses));
    t.put("AssociateAddress", new AssociateAddressAction(addresses, networks::addressesChanged));
    t.put("DisassociateAddress", new DisassociateAddressAction(addresses, networks::addressesChanged));
    t.put("ReleaseAddress", new ReleaseAddressAction(addresses));
    t.put("DescribeAddresses", new DescribeAddressesAction(addresses));
    t.put("SetClusterAddresses", new SetClusterAddressesAction(addresses, clusters));
    t.put("CreateTags", new CreateTagsAction(tags));
    t.put("DeleteTags", new DeleteTagsAction(tags));
    t.put("DescribeTags", new DescribeTagsAction(tags, groups));
    // clc-volumes
    t.put("CreateVolume", new org.eucalyptus.clc.api.volumes.CreateVolumeAction(volumes, snapshots, volumeLimits));
    t.put("DeleteVolume", new org.eucalyptus.clc.api.volumes.DeleteVolumeAction(volumes));
    t.put("DescribeVolumes", new org.eucalyptus.clc.api.volumes.DescribeVolumesAction(volumes.store(), tags));
    t.put("AttachVolume", new org.eucalyptus.clc.api.volumes.AttachVolumeAction(volumes));
    t.put("DetachVolume", new org.eucalyptus.clc.api.volumes.DetachVolumeAction(volumes));
    // clc-snapshots: CreateSnapshot, DeleteSnapshot, DescribeSnapshots, Describe/Modify/ResetSnapshotAttribute
    snapshotActions.addTo(t);
    // Each action is checked against the caller's policies before it runs (Ec2Permissions declares how).
    return new Ec2Permissions(groups).guard(t);
  }
}
