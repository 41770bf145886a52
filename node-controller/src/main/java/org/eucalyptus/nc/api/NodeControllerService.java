package org.eucalyptus.nc.api;

import jakarta.jws.WebService;
import java.nio.file.Path;
import org.eucalyptus.nc.hypervisor.Hypervisor;
import org.eucalyptus.nc.instances.InstanceLauncher;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.nc.NcAssignAddress;
import org.eucalyptus.wsdl.nc.NcAssignAddressResponse;
import org.eucalyptus.wsdl.nc.NcDescribeInstances;
import org.eucalyptus.wsdl.nc.NcDescribeInstancesResponse;
import org.eucalyptus.wsdl.nc.NcDescribeResource;
import org.eucalyptus.wsdl.nc.NcDescribeResourceResponse;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutputResponse;
import org.eucalyptus.wsdl.nc.NcPowerDown;
import org.eucalyptus.wsdl.nc.NcPowerDownResponse;
import org.eucalyptus.wsdl.nc.NcRebootInstance;
import org.eucalyptus.wsdl.nc.NcRebootInstanceResponse;
import org.eucalyptus.wsdl.nc.NcRunInstance;
import org.eucalyptus.wsdl.nc.NcRunInstanceResponse;
import org.eucalyptus.wsdl.nc.NcStartNetwork;
import org.eucalyptus.wsdl.nc.NcStartNetworkResponse;
import org.eucalyptus.wsdl.nc.NcTerminateInstance;
import org.eucalyptus.wsdl.nc.NcTerminateInstanceResponse;
import org.eucalyptus.wsdl.types.EucalyptusFault_Exception;

/** The NC's SOAP operations, each handed to its own handler; failures become faults in one place. */
@WebService(endpointInterface = "org.eucalyptus.wsdl.nc.EucalyptusNCPortType", serviceName = "EucalyptusNC",
    portName = "EucalyptusNCPort", targetNamespace = "http://eucalyptus.ucsb.edu/",
    wsdlLocation = "classpath:wsdl/eucalyptus_nc.wsdl")
public class NodeControllerService implements EucalyptusNCPortType {
  private final RunInstanceHandler run;
  private final DescribeInstancesHandler describe;
  private final TerminateInstanceHandler terminate;
  private final RebootInstanceHandler reboot;
  private final GetConsoleOutputHandler console;
  private final DescribeResourceHandler resources;
  private final StartNetworkHandler network;
  private final ConfigureNetworkHandler filters;
  private final AssignAddressHandler address;
  private final PowerDownHandler powerDown;
  private final DescribeIdentityHandler identity;
  private final InstallCredentialsHandler credentials;
  private final AttachVolumeHandler attachVolume;
  private final DetachVolumeHandler detachVolume;

  public NodeControllerService(InstanceTable table, InstanceLauncher launcher, Hypervisor hypervisor, Path workRoot,
      org.eucalyptus.nc.network.NodeNetwork nodeNetwork, org.eucalyptus.common.exec.CommandRunner commands,
      java.util.List<String> powerDownCommand, org.eucalyptus.common.pki.ComponentKeys keys,
      org.eucalyptus.nc.instances.InstanceVolumes volumes, org.eucalyptus.nc.instances.GracefulStops gracefulStops) {
    this.attachVolume = new AttachVolumeHandler(volumes);
    this.detachVolume = new DetachVolumeHandler(volumes);
    this.identity = new DescribeIdentityHandler(keys);
    this.credentials = new InstallCredentialsHandler(keys);
    this.network = new StartNetworkHandler(nodeNetwork);
    this.filters = new ConfigureNetworkHandler(nodeNetwork);
    this.address = new AssignAddressHandler(table);
    this.powerDown = new PowerDownHandler(table, commands, powerDownCommand);
    this.run = new RunInstanceHandler(table, launcher, workRoot);
    this.describe = new DescribeInstancesHandler(table);
    this.terminate = new TerminateInstanceHandler(table, launcher, gracefulStops);
    this.reboot = new RebootInstanceHandler(table, hypervisor);
    this.console = new GetConsoleOutputHandler(table);
    this.resources = new DescribeResourceHandler(table);
  }

  @Override
  public NcRunInstanceResponse ncRunInstance(NcRunInstance body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> run.handle(body));
  }

  @Override
  public NcDescribeInstancesResponse ncDescribeInstances(NcDescribeInstances body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> describe.handle(body));
  }

  @Override
  public NcTerminateInstanceResponse ncTerminateInstance(NcTerminateInstance body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> terminate.handle(body));
  }

  @Override
  public NcRebootInstanceResponse ncRebootInstance(NcRebootInstance body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> reboot.handle(body));
  }

  @Override
  public NcGetConsoleOutputResponse ncGetConsoleOutput(NcGetConsoleOutput body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> console.handle(body));
  }

  @Override
  public NcDescribeResourceResponse ncDescribeResource(NcDescribeResource body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> resources.handle(body));
  }

  @Override
  public NcStartNetworkResponse ncStartNetwork(NcStartNetwork body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> network.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.nc.NcConfigureNetworkResponse ncConfigureNetwork(
      org.eucalyptus.wsdl.nc.NcConfigureNetwork body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> filters.handle(body));
  }

  @Override
  public NcAssignAddressResponse ncAssignAddress(NcAssignAddress body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> address.handle(body));
  }

  @Override
  public NcPowerDownResponse ncPowerDown(NcPowerDown body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> powerDown.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.nc.NcDescribeIdentityResponse ncDescribeIdentity(
      org.eucalyptus.wsdl.nc.NcDescribeIdentity body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> identity.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.nc.NcInstallCredentialsResponse ncInstallCredentials(
      org.eucalyptus.wsdl.nc.NcInstallCredentials body) throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> credentials.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.nc.NcAttachVolumeResponse ncAttachVolume(org.eucalyptus.wsdl.nc.NcAttachVolume body)
      throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> attachVolume.handle(body));
  }

  @Override
  public org.eucalyptus.wsdl.nc.NcDetachVolumeResponse ncDetachVolume(org.eucalyptus.wsdl.nc.NcDetachVolume body)
      throws EucalyptusFault_Exception {
    return NodeFaults.call(() -> detachVolume.handle(body));
  }
}
