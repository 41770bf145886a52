package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eucalyptus.testfixtures.RootTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * StopInstances and StartInstances of an instance booted from EBS, with real parts (as
 * {@link BootFromEbsEndToEndTest}: cloud controller with Walrus, storage controller with its own
 * tgtd, cluster controller, node controller on libvirt's test driver). Stopped, the instance keeps
 * its id and its root volume (in use, attached to it) while its node no longer has a domain for
 * it; started, it runs again with the same id and the same root volume, exported again for its
 * node, whose bytes are as they were; terminated then, the root volume is deleted.
 */
@RootTest
class StopStartEbsEndToEndTest extends EbsCloudTestBase {
  // This class's own tgtd control port and iSCSI portal (not those of BootFromEbsEndToEndTest).
  private static final int CONTROL_PORT = 7310;
  private static final int ISCSI_PORT = 13510;

  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone("zone1", CONTROL_PORT, ISCSI_PORT).withNode().registered();
  }

  /** The domains libvirt's test driver holds in this process (the node controller's). */
  static Set<String> domains() throws Exception {
    org.libvirt.Connect c = new org.libvirt.Connect("test:///default", true);
    try {
      Set<String> names = new HashSet<>();
      for (int id : c.listDomains()) {
        names.add(c.domainLookupByID(id).getName());
      }
      names.addAll(List.of(c.listDefinedDomains()));
      return names;
    } finally {
      c.close();
    }
  }

  /** The EBS-backed image of a 1 GiB snapshot, its root at /dev/sda1. */
  String ebsImage() throws Exception {
    String source = ec2.createVolume(r -> r.availabilityZone("zone1").size(1)).volumeId();
    EndToEndTest.awaitTrue("the source volume available", Duration.ofSeconds(60),
        () -> volume(source).stateAsString().equals("available"));
    String snap = ec2.createSnapshot(r -> r.volumeId(source).description("root")).snapshotId();
    EndToEndTest.awaitTrue("the snapshot completed", Duration.ofMinutes(2), () -> ec2.describeSnapshots(r ->
        r.snapshotIds(snap)).snapshots().get(0).stateAsString().equals("completed"));
    return ec2.registerImage(r -> r.name("ebs-stop-start").rootDeviceName("/dev/sda1").blockDeviceMappings(
        BlockDeviceMapping.builder().deviceName("/dev/sda1").ebs(e -> e.snapshotId(snap)).build())).imageId();
  }

  @Test
  void aStoppedInstanceKeepsItsRootVolumeAndStartsAgainWithTheSameIdAndData() throws Exception {
    String emi = ebsImage();
    String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    EndToEndTest.awaitTrue("the instance running", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.RUNNING);
    EndToEndTest.awaitTrue("the root volume attached", Duration.ofSeconds(30), () -> instance(id)
        .blockDeviceMappings().stream().anyMatch(m -> m.deviceName().equals("/dev/sda1")
            && m.ebs().statusAsString().equals("attached")));
    String root = instance(id).blockDeviceMappings().get(0).ebs().volumeId();
    assertThat(domains()).contains(id);

    // Known bytes in the root volume, written through the storage controller's file of it.
    byte[] data = ("kept across stop and start by " + id).getBytes(StandardCharsets.US_ASCII);
    Path file = tmp.resolve("sc").resolve(root);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(4096);
      f.write(data);
    }

    InstanceStateChange stopping = ec2.stopInstances(r -> r.instanceIds(id)).stoppingInstances().get(0);
    assertThat(stopping.instanceId()).isEqualTo(id);
    assertThat(stopping.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
    assertThat(stopping.currentState().name()).isEqualTo(InstanceStateName.STOPPING);
    assertThat(stopping.currentState().code()).isEqualTo(64);
    EndToEndTest.awaitTrue("the instance stopped", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.STOPPED);
    Instance stopped = instance(id);
    assertThat(stopped.state().code()).isEqualTo(80);
    assertThat(stopped.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
    assertThat(stopped.publicIpAddress()).isNull();
    assertThat(domains()).doesNotContain(id);
    // Not taken for lost: still stopped, its volume still in use and attached to it, a while later.
    Thread.sleep(3000);
    assertThat(instance(id).state().name()).isEqualTo(InstanceStateName.STOPPED);
    assertThat(volume(root).stateAsString()).isEqualTo("in-use");
    assertThat(volume(root).attachments()).singleElement().satisfies(a -> {
      assertThat(a.instanceId()).isEqualTo(id);
      assertThat(a.device()).isEqualTo("/dev/sda1");
    });
    // A stopped instance cannot be stopped into another state, nor a running one started.
    assertThat(ec2.stopInstances(r -> r.instanceIds(id)).stoppingInstances().get(0).currentState().name())
        .isEqualTo(InstanceStateName.STOPPED);

    InstanceStateChange starting = ec2.startInstances(r -> r.instanceIds(id)).startingInstances().get(0);
    assertThat(starting.instanceId()).isEqualTo(id);
    assertThat(starting.previousState().name()).isEqualTo(InstanceStateName.STOPPED);
    assertThat(starting.currentState().name()).isEqualTo(InstanceStateName.PENDING);
    EndToEndTest.awaitTrue("the instance running again", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.RUNNING);
    assertThat(domains()).contains(id);
    Instance again = instance(id);
    assertThat(again.blockDeviceMappings()).singleElement().satisfies(m -> {
      assertThat(m.deviceName()).isEqualTo("/dev/sda1");
      assertThat(m.ebs().volumeId()).isEqualTo(root);
    });
    assertThat(volume(root).stateAsString()).isEqualTo("in-use");
    assertThatThrownBy(() -> ec2.startInstances(r -> r.instanceIds(id))).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IncorrectInstanceState"));
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] back = new byte[data.length];
      f.seek(4096);
      f.readFully(back);
      assertThat(back).isEqualTo(data);
    }

    // Stopped again and terminated: DeleteOnTermination deletes the root volume.
    ec2.stopInstances(r -> r.instanceIds(id).force(true));
    EndToEndTest.awaitTrue("the instance stopped again", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.STOPPED);
    ec2.terminateInstances(r -> r.instanceIds(id));
    EndToEndTest.awaitTrue("the instance terminated", Duration.ofSeconds(60),
        () -> instance(id).state().name() == InstanceStateName.TERMINATED);
    EndToEndTest.awaitTrue("the root volume deleted", Duration.ofSeconds(60), () -> ec2.describeVolumes()
        .volumes().stream().noneMatch(v -> v.volumeId().equals(root)));
  }
}
