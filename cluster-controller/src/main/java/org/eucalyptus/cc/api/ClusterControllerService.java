package org.eucalyptus.cc.api;

import jakarta.jws.WebService;
import java.util.concurrent.ExecutorService;
import org.eucalyptus.cc.instances.InstanceCache;
import org.eucalyptus.cc.nodes.NodeRegistry;
import org.eucalyptus.cc.scheduler.Placement;
import org.eucalyptus.wsdl.cc.*;
import org.eucalyptus.wsdl.cc.DescribeInstances;
import org.eucalyptus.wsdl.cc.DescribeInstancesResponse;
import org.eucalyptus.wsdl.cc.DescribeResources;
import org.eucalyptus.wsdl.cc.DescribeResourcesResponse;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.cc.GetConsoleOutput;
import org.eucalyptus.wsdl.cc.GetConsoleOutputResponse;
import org.eucalyptus.wsdl.cc.RebootInstances;
import org.eucalyptus.wsdl.cc.RebootInstancesResponse;
import org.eucalyptus.wsdl.cc.RunInstances;
import org.eucalyptus.wsdl.cc.RunInstancesResponse;
import org.eucalyptus.wsdl.cc.TerminateInstances;
import org.eucalyptus.wsdl.cc.TerminateInstancesResponse;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/** The CC's SOAP operations, each handed to its own handler; failures become faults in one place. */
@WebService(endpointInterface = "org.eucalyptus.wsdl.cc.EucalyptusCCPortType", serviceName = "EucalyptusCC",
    portName = "EucalyptusCCPort", targetNamespace = "http://eucalyptus.ucsb.edu/",
    wsdlLocation = "classpath:wsdl/eucalyptus_cc.wsdl")
public class ClusterControllerService implements EucalyptusCCPortType {
  private final RunInstancesHandler run;
  private final DescribeInstancesHandler describe;
  private final TerminateInstancesHandler terminate;
  private final DescribeResourcesHandler resources;
  private final RebootInstancesHandler reboot;
  private final GetConsoleOutputHandler console;
  private final StartNetworkHandler startNetwork;
  private final StopNetworkHandler stopNetwork;
  private final ConfigureNetworkHandler configureNetwork;
  private final AssignAddressHandler assignAddress;
  private final UnassignAddressHandler unassignAddress;
  private final DescribeNetworksHandler describeNetworks;
  private final DescribePublicAddressesHandler describePublicAddresses;
  private final RegisterNodeHandler registerNode;
  private final DeregisterNodeHandler deregisterNode;
  private final DescribeNodesHandler describeNodes;
  private final TrustHandlers trust;
  private final AttachVolumeHandler attachVolume;
  private final DetachVolumeHandler detachVolume;

  /**
   * @param networking the cluster's networking in its VNET_MODE
   * @param nodeCalls the calls to the nodes that hold no thread while they wait, with {@code nodeClient} adopted
   */
  public ClusterControllerService(NodeRegistry nodes, InstanceCache cache, Placement placement, ExecutorService calls,
      org.eucalyptus.cc.network.ClusterNetworking networking, org.eucalyptus.common.pki.ComponentKeys keys,
      java.util.function.BooleanSupplier nodesHeard, org.eucalyptus.common.soap.NonBlockingCalls nodeCalls,
      org.eucalyptus.wsdl.nc.EucalyptusNCPortType nodeClient) {
    this.trust = new TrustHandlers(keys, nodes, nodeCalls, nodeClient);
    this.startNetwork = new StartNetworkHandler(networking);
    this.stopNetwork = new StopNetworkHandler(networking);
    this.configureNetwork = new ConfigureNetworkHandler(networking);
    this.assignAddress = new AssignAddressHandler(networking);
    this.unassignAddress = new UnassignAddressHandler(networking);
    this.describeNetworks = new DescribeNetworksHandler(networking);
    this.describePublicAddresses = new DescribePublicAddressesHandler(networking);
    this.registerNode = new RegisterNodeHandler(nodes, cache);
    this.deregisterNode = new DeregisterNodeHandler(nodes, cache);
    this.describeNodes = new DescribeNodesHandler(nodes, cache);
    this.run = new RunInstancesHandler(placement, cache, calls, networking, nodesHeard,
        new org.eucalyptus.cc.volumes.BootVolumeSeals(keys), nodeCalls, nodeClient);
    this.describe = new DescribeInstancesHandler(cache);
    this.terminate = new TerminateInstancesHandler(nodes, cache, calls);
    this.resources = new DescribeResourcesHandler(nodes, placement);
    InstanceNodes where = new InstanceNodes(nodes, cache);
    this.reboot = new RebootInstancesHandler(where, calls);
    this.console = new GetConsoleOutputHandler(where);
    this.attachVolume = new AttachVolumeHandler(where);
    this.detachVolume = new DetachVolumeHandler(where);
  }

  @Override
  public RebootInstancesResponse rebootInstances(RebootInstances body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> reboot.handle(body));
  }

  @Override
  public GetConsoleOutputResponse getConsoleOutput(GetConsoleOutput body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> console.handle(body));
  }

  @Override
  public RunInstancesResponse runInstances(RunInstances body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> run.handle(body));
  }

  @Override
  public DescribeInstancesResponse describeInstances(DescribeInstances body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> describe.handle(body));
  }

  @Override
  public TerminateInstancesResponse terminateInstances(TerminateInstances body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> terminate.handle(body));
  }

  @Override
  public DescribeResourcesResponse describeResources(DescribeResources body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> resources.handle(body));
  }

  @Override
  public StartNetworkResponse startNetwork(StartNetwork body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> startNetwork.handle(body));
  }

  @Override
  public StopNetworkResponse stopNetwork(StopNetwork body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> stopNetwork.handle(body));
  }

  @Override
  public ConfigureNetworkResponse configureNetwork(ConfigureNetwork body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> configureNetwork.handle(body));
  }

  @Override
  public AssignAddressResponse assignAddress(AssignAddress body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> assignAddress.handle(body));
  }

  @Override
  public UnassignAddressResponse unassignAddress(UnassignAddress body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> unassignAddress.handle(body));
  }

  @Override
  public DescribeNetworksResponse describeNetworks(DescribeNetworks body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> describeNetworks.handle(body));
  }

  @Override
  public DescribePublicAddressesResponse describePublicAddresses(DescribePublicAddresses body)
      throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> describePublicAddresses.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.RegisterNodeResponse registerNode(org.eucalyptus.wsdl.cc.RegisterNode body)
      throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> registerNode.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.DeregisterNodeResponse deregisterNode(org.eucalyptus.wsdl.cc.DeregisterNode body)
      throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> deregisterNode.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.DescribeNodesResponse describeNodes(org.eucalyptus.wsdl.cc.DescribeNodes body)
      throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> describeNodes.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.DescribeIdentityResponse describeIdentity(org.eucalyptus.wsdl.cc.DescribeIdentity body)
      throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> trust.describe(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.InstallCredentialsResponse installCredentials(
      org.eucalyptus.wsdl.cc.InstallCredentials body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> trust.install(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.DescribeNodeIdentitiesResponse describeNodeIdentities(
      org.eucalyptus.wsdl.cc.DescribeNodeIdentities body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> trust.describeNodes(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.InstallNodeCredentialsResponse installNodeCredentials(
      org.eucalyptus.wsdl.cc.InstallNodeCredentials body) throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> trust.installNode(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.AttachVolumeResponse attachVolume(org.eucalyptus.wsdl.cc.AttachVolume body)
      throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> attachVolume.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.cc.DetachVolumeResponse detachVolume(org.eucalyptus.wsdl.cc.DetachVolume body)
      throws EucalyptusFault_Exception {
    return ClusterFaults.call(() -> detachVolume.handle(body));
  }
}
