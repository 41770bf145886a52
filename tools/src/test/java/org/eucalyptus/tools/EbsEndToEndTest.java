package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.EbsInstanceBlockDeviceSpecification;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMappingSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * EBS across every real component: a cloud controller with Walrus, a cluster controller, a node
 * controller (libvirt's test driver, whose attachments the NC keeps itself) and a registered,
 * enrolled storage controller with its own tgtd and file volumes, driven with the AWS SDK as a user
 * would: volumes made, attached (the SC's export holds a CHAP login the node opened), detached,
 * snapshotted into Walrus, restored byte for byte, shared, deleted, given back at terminate, and
 * held to an IAM quota. Each stage prints its time.
 */
@RootTest
class EbsEndToEndTest extends EbsCloudTestBase {
  // This helper's tgtd control port and iSCSI portal (COMMON.md: the host's tgtd is not ours).
  private static final int CONTROL_PORT = 7210;
  private static final int ISCSI_PORT = 13410;
  private static final String ZONE = "cluster01";

  long stageStart = System.nanoTime();

  /** The parts only run: the test registers them as an operator would. */
  @Override
  EbsCloud.Builder cloud(EbsCloud.Builder files) {
    return files.zone(ZONE, CONTROL_PORT, ISCSI_PORT).withNode();
  }

  private Ec2Client ec2(String accessKey, String secret) {
    return ebs.ec2(accessKey, secret);
  }

  private void stage(String what) {
    long now = System.nanoTime();
    System.out.printf("EBS e2e: %-58s %6d ms%n", what, (now - stageStart) / 1_000_000);
    stageStart = now;
  }

  @Test
  void volumesAndSnapshotsCrossTheClcScCcAndNc() throws Exception {
    registerTheCloudsParts();
    stage("components started, cluster, node and SC registered");

    // CreateVolume, and EC2's refusals of what cannot be made.
    String vol = ec2.createVolume(r -> r.size(1).availabilityZone(ZONE)).volumeId();
    awaitVolume(vol, "available");
    // EC2's API of 3.1 (2012) has no TagSpecifications: tags are put on with CreateTags.
    ec2.createTags(r -> r.resources(vol).tags(Tag.builder().key("purpose").value("e2e").build()));
    assertThat(volume(vol).tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("purpose=e2e");
    assertThat(volume(vol).size()).isEqualTo(1);
    Path volFile = scFile(vol).orElseThrow();
    assertThat(Files.size(volFile)).isEqualTo(1L << 30);
    stage("CreateVolume 1 GiB -> available");
    assertCode("InvalidParameterValue", () -> ec2.createVolume(r -> r.size(0).availabilityZone(ZONE)));
    assertCode("MissingParameter", () -> ec2.createVolume(r -> r.availabilityZone(ZONE)));
    assertCode("InvalidParameterValue", () -> ec2.createVolume(r -> r.size(1).availabilityZone("no-such-zone")));
    assertThat(EucaAdmin.run("modify-property", "--eucarc", eucarc, "-p", "storage.maxvolumesizeingb=2")).isZero();
    assertCode("VolumeLimitExceeded", () -> ec2.createVolume(r -> r.size(3).availabilityZone(ZONE)));
    stage("CreateVolume refusals");

    // RunInstances, AttachVolume: the SC exports the volume with a CHAP login the node opened.
    String instance = runInstance();
    stage("RunInstances -> running");
    var attach = ec2.attachVolume(r -> r.volumeId(vol).instanceId(instance).device("/dev/sdf"));
    assertThat(attach.stateAsString()).isIn("attaching", "attached");
    awaitAttachment(vol, "attached");
    Volume attached = volume(vol);
    assertThat(attached.stateAsString()).isEqualTo("in-use");
    assertThat(attached.attachments()).singleElement().satisfies(a -> {
      assertThat(a.instanceId()).isEqualTo(instance);
      assertThat(a.device()).isEqualTo("/dev/sdf");
    });
    assertThat(ec2.describeInstances(r -> r.instanceIds(instance)).reservations().get(0).instances().get(0)
        .blockDeviceMappings()).anySatisfy(m -> {
          assertThat(m.deviceName()).isEqualTo("/dev/sdf");
          assertThat(m.ebs().volumeId()).isEqualTo(vol);
          assertThat(m.ebs().statusAsString()).isEqualTo("attached");
        });
    String targets = tgtShow();
    assertThat(targets).contains(":" + vol).contains(volFile.toString());
    assertThat(targets).containsPattern("Account information:\\s+euca-[0-9a-f]+");
    stage("AttachVolume /dev/sdf -> attached (CHAP export at the SC)");
    assertCode("VolumeInUse", () -> ec2.deleteVolume(r -> r.volumeId(vol)));
    ec2.detachVolume(r -> r.volumeId(vol));
    awaitVolume(vol, "available");
    assertThat(volume(vol).attachments()).isEmpty();
    assertThat(tgtShow()).doesNotContain(":" + vol);
    stage("DetachVolume -> available, export gone");

    // Known bytes, a snapshot into Walrus, a volume from it, byte-identical.
    byte[] marker = "EBS end to end: these bytes go to Walrus and come back\n".getBytes(StandardCharsets.UTF_8);
    try (RandomAccessFile f = new RandomAccessFile(volFile.toFile(), "rw")) {
      f.seek(0);
      f.write(marker);
      f.seek((1L << 30) - marker.length);
      f.write(marker);
      f.getFD().sync();
    }
    var snapStarted = ec2.createSnapshot(r -> r.volumeId(vol).description("e2e snapshot"));
    String snap = snapStarted.snapshotId();
    assertThat(snapStarted.stateAsString()).isIn("pending", "completed");
    EndToEndTest.awaitTrue("snapshot completed", Duration.ofMinutes(3), () -> {
      Snapshot now = snapshot(snap);
      assertThat(now.stateAsString()).as(now.stateMessage()).isIn("pending", "completed");
      return now.stateAsString().equals("completed");
    });
    assertThat(snapshot(snap).progress()).isEqualTo("100%");
    assertThat(snapshot(snap).volumeId()).isEqualTo(vol);
    Path inWalrus = find(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("snapshots")
        && p.getFileName().toString().equals(snap)).orElseThrow();
    assertThat(Files.size(inWalrus)).isEqualTo(1L << 30);
    stage("CreateSnapshot -> completed, in Walrus");
    String restored = ec2.createVolume(r -> r.snapshotId(snap).availabilityZone(ZONE)).volumeId();
    awaitVolume(restored, "available");
    assertThat(volume(restored).snapshotId()).isEqualTo(snap);
    assertThat(digest(scFile(restored).orElseThrow())).isEqualTo(digest(volFile));
    stage("CreateVolume from the snapshot -> available, byte-identical");

    // Shared with another account, which makes a volume of it; then everything deleted.
    cloud.clc().identity().createAccount("ebs-friend");
    var friendKey = cloud.clc().identity().createAccessKey("ebs-friend", "admin");
    try (Ec2Client friend = ec2(friendKey.accessKeyId(), friendKey.secretKey())) {
      assertCode("InvalidSnapshot.NotFound", () -> friend.createVolume(r -> r.snapshotId(snap).availabilityZone(ZONE)));
      ec2.modifySnapshotAttribute(r -> r.snapshotId(snap).attribute("createVolumePermission")
          .createVolumePermission(p -> p.add(CreateVolumePermission.builder().userId(friendKey.accountNumber()).build())));
      String theirs = friend.createVolume(r -> r.snapshotId(snap).availabilityZone(ZONE)).volumeId();
      EndToEndTest.awaitTrue(theirs + " available", Duration.ofSeconds(30), () -> friend.describeVolumes(
          r -> r.volumeIds(theirs)).volumes().get(0).stateAsString().equals("available"));
      assertThat(digest(scFile(theirs).orElseThrow())).isEqualTo(digest(volFile));
      friend.deleteVolume(r -> r.volumeId(theirs));
      awaitGone(theirs);
    }
    stage("shared snapshot -> another account's volume");
    ec2.deleteSnapshot(r -> r.snapshotId(snap));
    assertCode("InvalidSnapshot.NotFound", () -> ec2.describeSnapshots(r -> r.snapshotIds(snap)));
    EndToEndTest.awaitTrue("the snapshot gone from Walrus", Duration.ofSeconds(10), () -> !Files.exists(inWalrus));
    ec2.deleteVolume(r -> r.volumeId(restored));
    awaitGone(restored);
    assertThat(scFile(restored)).isEmpty();
    stage("DeleteSnapshot, DeleteVolume -> gone at the SC too");

    // TerminateInstances with volumes attached: one comes back available, the DeleteOnTermination one goes.
    String scratch = ec2.createVolume(r -> r.size(1).availabilityZone(ZONE)).volumeId();
    awaitVolume(scratch, "available");
    ec2.attachVolume(r -> r.volumeId(vol).instanceId(instance).device("/dev/sdg"));
    ec2.attachVolume(r -> r.volumeId(scratch).instanceId(instance).device("/dev/sdh"));
    awaitAttachment(vol, "attached");
    awaitAttachment(scratch, "attached");
    ec2.modifyInstanceAttribute(r -> r.instanceId(instance).blockDeviceMappings(deleteOnTermination("/dev/sdh")));
    assertThat(volume(scratch).attachments().get(0).deleteOnTermination()).isTrue();
    assertThat(volume(vol).attachments().get(0).deleteOnTermination()).isFalse();
    assertCode("InvalidParameterValue", () -> ec2.modifyInstanceAttribute(r -> r.instanceId(instance)
        .blockDeviceMappings(deleteOnTermination("/dev/sdz"))));
    ec2.terminateInstances(r -> r.instanceIds(instance));
    awaitVolume(vol, "available");
    awaitGone(scratch);
    // The CLC gives the volume back first and then ends the export at the SC.
    EndToEndTest.awaitTrue("the export of " + vol + " ended", Duration.ofSeconds(10), () -> !tgtShowUnchecked().contains(":" + vol));
    stage("TerminateInstances -> one volume available, DeleteOnTermination one gone");
    ec2.deleteVolume(r -> r.volumeId(vol));
    awaitGone(vol);
    assertThat(scFile(vol)).isEmpty();

    // An IAM quota of one volume refuses the second.
    cloud.clc().identity().createAccount("ebs-quota");
    var quotaKey = cloud.clc().identity().createAccessKey("ebs-quota", "admin");
    putAccountPolicy(quotaKey.accountNumber(), QuotasEndToEndTest.limit("ec2:CreateVolume", "ec2:quota-volumenumber", 1));
    try (Ec2Client limited = ec2(quotaKey.accessKeyId(), quotaKey.secretKey())) {
      String one = limited.createVolume(r -> r.size(1).availabilityZone(ZONE)).volumeId();
      assertCode("VolumeLimitExceeded", () -> limited.createVolume(r -> r.size(1).availabilityZone(ZONE)));
      EndToEndTest.awaitTrue(one + " available", Duration.ofSeconds(30), () -> limited.describeVolumes(
          r -> r.volumeIds(one)).volumes().get(0).stateAsString().equals("available"));
      limited.deleteVolume(r -> r.volumeId(one));
    }
    stage("ec2:quota-volumenumber -> VolumeLimitExceeded");
  }

  private void registerTheCloudsParts() throws Exception {
    // euca-admin in this JVM (euca_conf would start one per call, slow on a busy host).
    admin("register-cluster", ZONE, "127.0.0.1", "--port", String.valueOf(cc.port()));
    String node = "127.0.0.1:" + nc.port();
    admin("register-nodes", "--cluster", ZONE, node);
    admin("register-sc", ZONE, "127.0.0.1", "--port", String.valueOf(sc.port()));
    // The node's certificate, which the SC seals the CHAP password for, is known once it is enrolled.
    EndToEndTest.awaitTrue("the node enrolled", Duration.ofSeconds(30), () -> cloud.clc().nodeCertificates()
        .pem(ZONE, "http://" + node + "/axis2/services/EucalyptusNC").isPresent());
    EndToEndTest.awaitTrue("the SC enrolled", Duration.ofSeconds(30), () -> {
      try {
        cloud.clc().storageControllers().forZone(ZONE);
        return true;
      } catch (Exception e) {
        return false;
      }
    });
    EndToEndTest.awaitTrue(ZONE + " available", Duration.ofSeconds(30), () -> ec2.describeAvailabilityZones()
        .availabilityZones().stream().anyMatch(z -> z.zoneName().equals(ZONE) && z.stateAsString().equals("available")));
  }

  private void admin(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--eucarc";
    all[args.length + 1] = eucarc;
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run(all)).as(String.join(" ", args)).isZero());
    System.out.print(out);
  }

  private String runInstance() throws Exception {
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc", eucarc,
        "--file", image.toString())).isZero());
    String emi = out.strip().split("\t")[1];
    String id = ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    EndToEndTest.awaitTrue(id + " running", Duration.ofSeconds(30), () -> ec2.describeInstances(r -> r.instanceIds(id))
        .reservations().get(0).instances().get(0).state().name() == InstanceStateName.RUNNING);
    return id;
  }

  /** An account's policy, stored as setup does (QuotasEndToEndTest's way, against this test's cloud). */
  private void putAccountPolicy(String account, String document) throws Exception {
    var db = cloud.clc().settings().database();
    try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         var st = c.prepareStatement("insert into iam_policies (policy_id, owner_kind, owner_id, name, document,"
             + " created) values (?, 'ACCOUNT', ?, 'volumes', ?, current_timestamp)")) {
      st.setString(1, java.util.UUID.randomUUID().toString().replace("-", ""));
      st.setString(2, account);
      st.setString(3, document);
      st.executeUpdate();
    }
  }

  private Snapshot snapshot(String id) {
    return ec2.describeSnapshots(r -> r.snapshotIds(id)).snapshots().get(0);
  }

  private void awaitVolume(String id, String state) throws Exception {
    EndToEndTest.awaitTrue(id + " " + state, Duration.ofSeconds(30), () -> volume(id).stateAsString().equals(state));
  }

  private void awaitAttachment(String id, String state) throws Exception {
    EndToEndTest.awaitTrue(id + " " + state, Duration.ofSeconds(30), () -> volume(id).attachments().stream()
        .anyMatch(a -> a.stateAsString().equals(state)));
  }

  private void awaitGone(String id) throws Exception {
    EndToEndTest.awaitTrue(id + " gone", Duration.ofSeconds(30), () -> {
      try {
        return ec2.describeVolumes(r -> r.volumeIds(id)).volumes().isEmpty();
      } catch (Ec2Exception e) {
        return e.awsErrorDetails().errorCode().equals("InvalidVolume.NotFound");
      }
    });
    EndToEndTest.awaitTrue(id + " gone at the SC", Duration.ofSeconds(30), () -> scFile(id).isEmpty());
  }

  private Optional<Path> scFile(String volumeId) {
    try (var walk = Files.walk(tmp.resolve("sc"))) {
      return walk.filter(p -> p.getFileName().toString().equals(volumeId) && Files.isRegularFile(p)).findFirst();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Optional<Path> find(java.util.function.Predicate<Path> which) throws Exception {
    try (var walk = Files.walk(tmp)) {
      return walk.filter(which).filter(Files::isRegularFile).findFirst();
    }
  }

  private String tgtShow() throws Exception {
    Process p = new ProcessBuilder("tgtadm", "-C", String.valueOf(CONTROL_PORT), "--lld", "iscsi", "--mode",
        "target", "--op", "show").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private static InstanceBlockDeviceMappingSpecification deleteOnTermination(String device) {
    return InstanceBlockDeviceMappingSpecification.builder().deviceName(device)
        .ebs(EbsInstanceBlockDeviceSpecification.builder().deleteOnTermination(true).build()).build();
  }

  private String tgtShowUnchecked() {
    try {
      return tgtShow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertCode(String code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).as(e.awsErrorDetails().errorMessage()).isEqualTo(code));
  }
}
