package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eucalyptus.clc.properties.CloudProperties;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.volumes.Volume;
import org.eucalyptus.clc.volumes.VolumeStore;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The volume actions through the real Query API with the AWS SDK for Java v2, on a cloud whose zone
 * has no storage controller registered (the SC's part of the story runs against the real SC, see
 * docs/ARCHITECTURE.md): validation, limits and properties, the SC unreachable leaving nothing
 * behind, DescribeVolumes' shape and filters, attachment rules, DescribeInstances' mapping, tags,
 * and the caller's policies.
 */
@IntegrationTest
class VolumesTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner owner;

  @BeforeAll
  static void start() throws Exception {
    // A registered cluster that need not run: zone1 is a known zone, with no storage controller.
    f = new ClcApiFixture(tmp.resolve("clc"), Map.of("CLC_CLUSTERS", "zone1=127.0.0.1:9 zone2=127.0.0.1:9"));
    owner = f.newAccount("vols");
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(f);
  }

  static Ec2Exception refused(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      return e;
    }
    throw new AssertionError("the call was not refused");
  }

  static String code(Runnable call) {
    Ec2Exception e = refused(call);
    return e.awsErrorDetails().errorCode() + " " + e.statusCode();
  }

  /** An available volume of the account, as the storage sync leaves one the SC has made. */
  static String volume(AccessKeyOwner who, String zone, int gib) throws Exception {
    VolumeStore store = f.clc.volumes();
    Volume v = store.create(QuotaClaim.unlimited(Quotas.VOLUME_NUMBER, who.accountNumber(), who.userId()),
        QuotaClaim.unlimited(Quotas.VOLUME_TOTAL_SIZE, who.accountNumber(), who.userId()), zone, gib, null,
        new VolumeStore.SizeLimits(15, 1000));
    store.reported(v.volumeId(), "available", null);
    return v.volumeId();
  }

  /** A running instance of the account in {@code zone}, on a node the cluster reported. */
  static String instance(AccessKeyOwner who, String zone) throws Exception {
    String id = "i-" + UUID.randomUUID().toString().substring(0, 8);
    try (var c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
         var st = c.prepareStatement("insert into instances (instance_id, reservation_id, account_number, user_id,"
             + " image_id, vm_type, cluster, node, state, launch_index, mac_address, launch_time, state_changed)"
             + " values (?, 'r-00000001', ?, ?, 'emi-00000001', 'm1.small', ?, 'http://127.0.0.1:8775/axis2/services/"
             + "EucalyptusNC', 'running', 0, 'd0:0d:00:00:00:01', ?, ?)")) {
      st.setString(1, id);
      st.setString(2, who.accountNumber());
      st.setString(3, who.userId());
      st.setString(4, zone);
      st.setTimestamp(5, Timestamp.from(Instant.now()));
      st.setTimestamp(6, Timestamp.from(Instant.now()));
      st.executeUpdate();
    }
    return id;
  }

  @Test
  void createIsValidatedAndHeldToTheSizeProperties() {
    try (Ec2Client ec2 = f.ec2(owner)) {
      assertThat(code(() -> ec2.createVolume(r -> r.size(1)))).isEqualTo("MissingParameter 400");
      assertThat(code(() -> ec2.createVolume(r -> r.availabilityZone("zone1")))).isEqualTo("MissingParameter 400");
      assertThat(code(() -> ec2.createVolume(r -> r.size(0).availabilityZone("zone1"))))
          .isEqualTo("InvalidParameterValue 400");
      assertThat(code(() -> ec2.createVolume(r -> r.size(1).availabilityZone("nowhere"))))
          .isEqualTo("InvalidParameterValue 400");
      assertThat(code(() -> ec2.createVolume(r -> r.size(16).availabilityZone("zone1"))))
          .isEqualTo("VolumeLimitExceeded 400");
      assertThat(code(() -> ec2.createVolume(r -> r.snapshotId("snap-zz").availabilityZone("zone1"))))
          .isEqualTo("InvalidSnapshot.Malformed 400");
      f.clc.properties().modify(CloudProperties.MAX_VOLUME_SIZE, "2");
      try {
        Ec2Exception e = refused(() -> ec2.createVolume(r -> r.size(3).availabilityZone("zone1")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("VolumeLimitExceeded");
        assertThat(e.awsErrorDetails().errorMessage()).contains("1 to 2 GiB").contains("storage.maxvolumesizeingb");
      } finally {
        f.clc.properties().modify(CloudProperties.MAX_VOLUME_SIZE, null);
      }
      assertThat(f.clc.properties().describe(List.of("storage.")))
          .extracting(CloudProperties.Entry::name, CloudProperties.Entry::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("storage.maxtotalvolumesizeingb", "50"),
              org.assertj.core.groups.Tuple.tuple("storage.maxvolumesizeingb", "15"));
    }
  }

  @Test
  void aZoneWithoutAStorageControllerLeavesNoVolumeBehind() throws Exception {
    AccessKeyOwner other = f.newAccount("vols-nosc");
    try (Ec2Client ec2 = f.ec2(other)) {
      Ec2Exception e = refused(() -> ec2.createVolume(r -> r.size(1).availabilityZone("zone1")));
      assertThat(e.statusCode()).isEqualTo(503);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Unavailable");
      assertThat(e.awsErrorDetails().errorMessage()).contains("zone1").contains("no storage controller");
      assertThat(ec2.describeVolumes().volumes()).isEmpty();
      // Deleting an available volume needs its SC too: refused, and the volume stays available.
      String vol = volume(other, "zone1", 1);
      assertThat(code(() -> ec2.deleteVolume(r -> r.volumeId(vol)))).isEqualTo("Unavailable 503");
      assertThat(ec2.describeVolumes(r -> r.volumeIds(vol)).volumes().get(0).stateAsString()).isEqualTo("available");
    }
  }

  @Test
  void describeShowsVolumesWithAttachmentsAndTagsAndFilters() throws Exception {
    AccessKeyOwner acct = f.newAccount("vols-describe");
    String a = volume(acct, "zone1", 1);
    String b = volume(acct, "zone2", 2);
    String i = instance(acct, "zone1");
    f.clc.volumes().beginAttach(acct.accountNumber(), false, a, i, "/dev/sdf");
    f.clc.volumes().applyClusterReport("zone1", Map.of(i, Map.of(a, "attached")));
    try (Ec2Client ec2 = f.ec2(acct)) {
      ec2.createTags(r -> r.resources(b).tags(Tag.builder().key("purpose").value("scratch").build()));
      var all = ec2.describeVolumes().volumes();
      assertThat(all).extracting(v -> v.volumeId()).containsExactlyInAnyOrder(a, b);
      var va = ec2.describeVolumes(r -> r.volumeIds(a)).volumes().get(0);
      assertThat(va.size()).isEqualTo(1);
      assertThat(va.availabilityZone()).isEqualTo("zone1");
      assertThat(va.stateAsString()).isEqualTo("in-use");
      assertThat(va.createTime()).isNotNull();
      assertThat(va.attachments()).singleElement().satisfies(at -> {
        assertThat(at.instanceId()).isEqualTo(i);
        assertThat(at.device()).isEqualTo("/dev/sdf");
        assertThat(at.stateAsString()).isEqualTo("attached");
        assertThat(at.deleteOnTermination()).isFalse();
        assertThat(at.attachTime()).isNotNull();
      });
      var vb = ec2.describeVolumes(r -> r.volumeIds(b)).volumes().get(0);
      assertThat(vb.tags()).extracting(Tag::key, Tag::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("purpose", "scratch"));
      assertThat(filtered(ec2, "size", "2")).containsExactly(b);
      assertThat(filtered(ec2, "status", "in-use")).containsExactly(a);
      assertThat(filtered(ec2, "availability-zone", "zone*")).containsExactlyInAnyOrder(a, b);
      assertThat(filtered(ec2, "attachment.instance-id", i)).containsExactly(a);
      assertThat(filtered(ec2, "attachment.device", "/dev/sdf")).containsExactly(a);
      assertThat(filtered(ec2, "attachment.status", "attached")).containsExactly(a);
      assertThat(filtered(ec2, "attachment.delete-on-termination", "false")).containsExactly(a);
      assertThat(filtered(ec2, "tag:purpose", "scratch")).containsExactly(b);
      assertThat(filtered(ec2, "tag-key", "purpose")).containsExactly(b);
      assertThat(filtered(ec2, "volume-id", a)).containsExactly(a);
      assertThat(code(() -> ec2.describeVolumes(r -> r.filters(Filter.builder().name("colour").values("x").build()))))
          .isEqualTo("InvalidParameterValue 400");
      assertThat(code(() -> ec2.describeVolumes(r -> r.volumeIds("vol-0badf00d")))).isEqualTo("InvalidVolume.NotFound 400");
      // Another account sees none of them.
      try (Ec2Client stranger = f.ec2(f.newAccount("vols-stranger"))) {
        assertThat(stranger.describeVolumes().volumes()).isEmpty();
        assertThat(code(() -> stranger.describeVolumes(r -> r.volumeIds(a)))).isEqualTo("InvalidVolume.NotFound 400");
      }
      // DescribeInstances shows the volume in the instance's block device mapping.
      var mapping = ec2.describeInstances(r -> r.instanceIds(i)).reservations().get(0).instances().get(0)
          .blockDeviceMappings();
      assertThat(mapping).singleElement().satisfies(m -> {
        assertThat(m.deviceName()).isEqualTo("/dev/sdf");
        assertThat(m.ebs().volumeId()).isEqualTo(a);
        assertThat(m.ebs().statusAsString()).isEqualTo("attached");
        assertThat(m.ebs().attachTime()).isNotNull();
      });
      // The volume's tags go with it.
      f.clc.volumes().beginDelete(acct.accountNumber(), false, b);
      f.clc.volumes().deleted(b);
      assertThat(ec2.describeTags().tags()).isEmpty();
    }
  }

  static List<String> filtered(Ec2Client ec2, String name, String value) {
    return ec2.describeVolumes(r -> r.filters(Filter.builder().name(name).values(value).build())).volumes().stream()
        .map(v -> v.volumeId()).toList();
  }

  @Test
  void attachAndDetachAreRefusedInTheWrongStates() throws Exception {
    AccessKeyOwner acct = f.newAccount("vols-attach");
    String v = volume(acct, "zone1", 1);
    String far = volume(acct, "zone2", 1);
    String i = instance(acct, "zone1");
    try (Ec2Client ec2 = f.ec2(acct)) {
      assertThat(code(() -> ec2.attachVolume(r -> r.volumeId(v).instanceId(i).device("/dev/sda"))))
          .isEqualTo("InvalidParameterValue 400");
      assertThat(code(() -> ec2.attachVolume(r -> r.volumeId(far).instanceId(i).device("/dev/sdf"))))
          .isEqualTo("InvalidVolume.ZoneMismatch 400");
      assertThat(code(() -> ec2.attachVolume(r -> r.volumeId("vol-0badf00d").instanceId(i).device("/dev/sdf"))))
          .isEqualTo("InvalidVolume.NotFound 400");
      assertThat(code(() -> ec2.attachVolume(r -> r.volumeId(v).instanceId("i-0badf00d").device("/dev/sdf"))))
          .isEqualTo("InvalidInstanceID.NotFound 400");
      // The node's certificate is not known (no node enrolled here): refused, and rolled back.
      assertThat(code(() -> ec2.attachVolume(r -> r.volumeId(v).instanceId(i).device("/dev/sdf"))))
          .isEqualTo("Unavailable 503");
      assertThat(ec2.describeVolumes(r -> r.volumeIds(v)).volumes().get(0).stateAsString()).isEqualTo("available");
      assertThat(code(() -> ec2.detachVolume(r -> r.volumeId(v)))).isEqualTo("IncorrectState 400");
      // Attached (as the store records it): in use for delete and attach; a detach naming another instance is refused.
      f.clc.volumes().beginAttach(acct.accountNumber(), false, v, i, "/dev/sdf");
      assertThat(code(() -> ec2.deleteVolume(r -> r.volumeId(v)))).isEqualTo("VolumeInUse 400");
      assertThat(code(() -> ec2.attachVolume(r -> r.volumeId(v).instanceId(i).device("/dev/sdg"))))
          .isEqualTo("VolumeInUse 400");
      assertThat(code(() -> ec2.detachVolume(r -> r.volumeId(v).instanceId("i-0badf00d"))))
          .isEqualTo("InvalidAttachment.NotFound 400");
      // The cluster cannot be reached (nothing listens at zone1's address): the detach is refused, still attached.
      assertThat(code(() -> ec2.detachVolume(r -> r.volumeId(v)))).isEqualTo("Unavailable 503");
      assertThat(ec2.describeVolumes(r -> r.volumeIds(v)).volumes().get(0).attachments().get(0).stateAsString())
          .isEqualTo("attaching");
      // Force takes it off whatever the cluster says.
      var forced = ec2.detachVolume(r -> r.volumeId(v).force(true));
      assertThat(forced.volumeId()).isEqualTo(v);
      assertThat(forced.instanceId()).isEqualTo(i);
      assertThat(forced.stateAsString()).isEqualTo("detaching");
      assertThat(ec2.describeVolumes(r -> r.volumeIds(v)).volumes().get(0).stateAsString()).isEqualTo("available");
    }
  }

  static void putUserPolicy(String userId, String document) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
         var st = c.prepareStatement("insert into iam_policies (policy_id, owner_kind, owner_id, name, document,"
             + " created) values (?, 'USER', ?, ?, ?, current_timestamp)")) {
      st.setString(1, UUID.randomUUID().toString().replace("-", ""));
      st.setString(2, userId);
      st.setString(3, "p" + UUID.randomUUID().toString().substring(0, 6));
      st.setString(4, document);
      st.executeUpdate();
    }
  }

  static AccessKeyOwner newUser(AccessKeyOwner accountAdmin, String name) {
    try (IamClient iam = IamClient.builder().endpointOverride(URI.create(f.base() + "/services/Euare"))
        .region(Region.AWS_GLOBAL).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accountAdmin.accessKeyId(), accountAdmin.secretKey())))
        .httpClient(Apache5HttpClient.create()).build()) {
      iam.createUser(r -> r.userName(name));
    }
    return f.clc.identity().createAccessKey(accountAdmin.accountName(), name);
  }

  @Test
  void theCallersPoliciesDecide() throws Exception {
    AccessKeyOwner admin = f.newAccount("vols-policies");
    String mine = volume(admin, "zone1", 1);
    String other = volume(admin, "zone1", 1);
    AccessKeyOwner reader = newUser(admin, "reader");
    putUserPolicy(reader.userId(), "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeVolumes\","
        + "\"Resource\":\"arn:aws:ec2:::volume/" + mine + "\"}]}");
    AccessKeyOwner creator = newUser(admin, "creator");
    putUserPolicy(creator.userId(), "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ec2:CreateVolume\","
        + "\"ec2:DeleteVolume\"],\"Resource\":\"*\"}]}");
    try (Ec2Client r = f.ec2(reader); Ec2Client c = f.ec2(creator)) {
      assertThat(r.describeVolumes().volumes()).extracting(v -> v.volumeId()).containsExactly(mine);
      assertThat(code(() -> r.createVolume(q -> q.size(1).availabilityZone("zone1"))))
          .isEqualTo("UnauthorizedOperation 403");
      assertThat(code(() -> r.deleteVolume(q -> q.volumeId(other)))).isEqualTo("UnauthorizedOperation 403");
      assertThat(code(() -> r.attachVolume(q -> q.volumeId(mine).instanceId("i-0badf00d").device("/dev/sdf"))))
          .isEqualTo("UnauthorizedOperation 403");
      // Allowed: past the policy check to the zone, which has no storage controller.
      assertThat(code(() -> c.createVolume(q -> q.size(1).availabilityZone("zone1")))).isEqualTo("Unavailable 503");
      assertThat(code(() -> c.describeVolumes())).isEqualTo("UnauthorizedOperation 403");
    }
  }
}
