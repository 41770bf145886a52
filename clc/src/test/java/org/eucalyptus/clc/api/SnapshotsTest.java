package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eucalyptus.clc.quotas.QuotaClaim;
import org.eucalyptus.clc.snapshots.Snapshot;
import org.eucalyptus.clc.snapshots.SnapshotStore;
import org.eucalyptus.clc.storage.VolumeLookup.VolumeFacts;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.policy.Quotas;
import org.eucalyptus.common.xml.XmlDocuments;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermissionModifications;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The EC2 snapshot actions through the AWS SDK for Java v2 and raw Query requests, on H2 and
 * PostgreSQL: what DescribeSnapshots answers and to whom (owner, shared with an account or all,
 * Owner and RestorableBy), createVolumePermission as EC2 has it, filters and tags, the caller's
 * policies, and the errors. The snapshots are recorded through the CLC's own store and completed
 * as their SC's report would complete them (setup): this branch has no storage controller to take
 * them, so CreateSnapshot and DeleteSnapshot are shown here only up to the SC (tools' EBS tests
 * take them further once the SC is merged).
 */
@IntegrationTest
class SnapshotsTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner owner;
  static AccessKeyOwner other;
  static AccessKeyOwner third;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"), Map.of("CLC_CLUSTERS", "zone1=127.0.0.1:9"));
    owner = f.newAccount("snap-owner");
    other = f.newAccount("snap-other");
    third = f.newAccount("snap-third");
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(f);
  }

  /** A completed snapshot of {@code who}'s, as CreateSnapshot and its SC's report would leave it. */
  static String snapshot(AccessKeyOwner who, String volumeId, int size, String description) throws Exception {
    SnapshotStore store = f.clc.snapshots();
    Snapshot s = store.create(QuotaClaim.unlimited(Quotas.SNAPSHOT_NUMBER, who.accountNumber(), who.userId()),
        new VolumeFacts(volumeId, "zone1", size), description);
    store.apply("zone1", List.of(new SnapshotStore.Report(s.snapshotId(), "completed", "100%", null)));
    return s.snapshotId();
  }

  static List<String> ids(Ec2Client c, Consumer<DescribeSnapshotsRequest.Builder> r) {
    return c.describeSnapshots(r).snapshots().stream().map(s -> s.snapshotId()).sorted().toList();
  }

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  @Test
  void describeAnswersEc2sFieldsAndTags() throws Exception {
    AccessKeyOwner me = f.newAccount("snap-fields");
    String id = snapshot(me, "vol-1234abcd", 7, "before upgrade");
    try (Ec2Client c = f.ec2(me)) {
      c.createTags(r -> r.resources(id).tags(Tag.builder().key("Name").value("db").build()));
      var s = c.describeSnapshots(r -> r.snapshotIds(id)).snapshots().get(0);
      assertThat(s.snapshotId()).isEqualTo(id);
      assertThat(s.volumeId()).isEqualTo("vol-1234abcd");
      assertThat(s.state()).isEqualTo(SnapshotState.COMPLETED);
      assertThat(s.progress()).isEqualTo("100%");
      assertThat(s.ownerId()).isEqualTo(me.accountNumber());
      assertThat(s.volumeSize()).isEqualTo(7);
      assertThat(s.description()).isEqualTo("before upgrade");
      assertThat(s.startTime()).isNotNull();
      assertThat(s.tags()).containsExactly(Tag.builder().key("Name").value("db").build());
      assertThat(c.describeTags(r -> r.filters(Filter.builder().name("resource-type").values("snapshot").build()))
          .tags()).extracting(t -> t.resourceId()).containsExactly(id);
      // Any case of the id is the same snapshot.
      assertThat(ids(c, r -> r.snapshotIds(id.toUpperCase(java.util.Locale.ROOT)))).containsExactly(id);
    }
    // The raw document, as euca2ools reads it.
    var raw = Ec2QueryApiTestSupport.post(f.server.port(), me, Map.of("Action", "DescribeSnapshots",
        "Version", "2012-05-01", "SnapshotId.1", id));
    assertThat(raw.statusCode()).isEqualTo(200);
    var doc = XmlDocuments.tryParse(raw.body()).orElseThrow();
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("DescribeSnapshotsResponse");
    assertThat(XmlDocuments.text(doc, "snapshotId")).isEqualTo(id);
    assertThat(XmlDocuments.text(doc, "status")).isEqualTo("completed");
    assertThat(XmlDocuments.text(doc, "volumeSize")).isEqualTo("7");
    assertThat(XmlDocuments.text(doc, "ownerId")).isEqualTo(me.accountNumber());
    assertThat(raw.body()).contains("<snapshotSet><item><snapshotId>" + id + "</snapshotId>")
        .contains("<tagSet><item><key>Name</key><value>db</value></item></tagSet>");
  }

  @Test
  void anotherAccountSeesASnapshotOnlyOnceShared() throws Exception {
    String id = snapshot(owner, "vol-0000abcd", 2, null);
    try (Ec2Client asOwner = f.ec2(owner); Ec2Client asOther = f.ec2(other); Ec2Client asThird = f.ec2(third)) {
      assertThat(ids(asOther, r -> { })).doesNotContain(id);
      assertThatThrownBy(() -> asOther.describeSnapshots(r -> r.snapshotIds(id)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshot.NotFound"));
      assertThatThrownBy(() -> asOther.modifySnapshotAttribute(r -> r.snapshotId(id)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION).operationType(OperationType.ADD)
          .userIds(other.accountNumber()))).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshot.NotFound"));

      // Shared with one account (the older form: OperationType and UserId.N).
      asOwner.modifySnapshotAttribute(r -> r.snapshotId(id).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
          .operationType(OperationType.ADD).userIds(other.accountNumber()));
      assertThat(ids(asOther, r -> { })).contains(id);
      assertThat(ids(asOther, r -> r.restorableByUserIds("self"))).contains(id);
      assertThat(ids(asOther, r -> r.ownerIds("self"))).doesNotContain(id);
      assertThat(ids(asOther, r -> r.ownerIds(owner.accountNumber()))).containsExactly(id);
      assertThat(ids(asThird, r -> { })).doesNotContain(id);
      assertThat(ids(asOwner, r -> r.restorableByUserIds(other.accountNumber()))).contains(id);
      assertThat(ids(asOwner, r -> r.restorableByUserIds(third.accountNumber()))).doesNotContain(id);
      assertThat(asOwner.describeSnapshotAttribute(r -> r.snapshotId(id)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions())
          .containsExactly(CreateVolumePermission.builder().userId(other.accountNumber()).build());
      // The sharing is the owner's to see and change.
      assertThatThrownBy(() -> asOther.describeSnapshotAttribute(r -> r.snapshotId(id)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshot.NotFound"));
      assertThatThrownBy(() -> asOther.deleteSnapshot(r -> r.snapshotId(id)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshot.NotFound"));

      // Shared with all (the structured form), then no longer with the one account: all still see it.
      asOwner.modifySnapshotAttribute(r -> r.snapshotId(id).createVolumePermission(
          CreateVolumePermissionModifications.builder().add(CreateVolumePermission.builder()
              .group(PermissionGroup.ALL).build()).remove(CreateVolumePermission.builder()
              .userId(other.accountNumber()).build()).build()));
      assertThat(ids(asThird, r -> { })).contains(id);
      assertThat(ids(asThird, r -> r.restorableByUserIds("all"))).contains(id);
      assertThat(ids(asOwner, r -> r.restorableByUserIds("all"))).contains(id);
      assertThat(asOwner.describeSnapshotAttribute(r -> r.snapshotId(id)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions())
          .containsExactly(CreateVolumePermission.builder().group(PermissionGroup.ALL).build());
      assertThat(f.clc.snapshots().restorableSize(third.accountNumber(), id)).isEqualTo(2);

      asOwner.resetSnapshotAttribute(r -> r.snapshotId(id).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION));
      assertThat(ids(asThird, r -> { })).doesNotContain(id);
      assertThat(ids(asOther, r -> { })).doesNotContain(id);
      assertThat(ids(asOwner, r -> r.restorableByUserIds("all"))).doesNotContain(id);
      assertThat(asOwner.describeSnapshotAttribute(r -> r.snapshotId(id)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions()).isEmpty();

      // A group other than all, and an account number that is none, are refused.
      var badGroup = Ec2QueryApiTestSupport.post(f.server.port(), owner, Map.of("Action", "ModifySnapshotAttribute",
          "Version", "2012-05-01", "SnapshotId", id, "CreateVolumePermission.Add.1.Group", "admins"));
      assertThat(badGroup.statusCode()).isEqualTo(400);
      assertThat(badGroup.body()).contains("<Code>InvalidParameterValue</Code>");
      assertThatThrownBy(() -> asOwner.modifySnapshotAttribute(r -> r.snapshotId(id)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION).operationType(OperationType.ADD)
          .userIds("alice"))).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    }
  }

  @Test
  void filters() throws Exception {
    AccessKeyOwner me = f.newAccount("snap-filters");
    String small = snapshot(me, "vol-00000001", 1, "nightly backup");
    String big = snapshot(me, "vol-00000002", 20, "weekly");
    Snapshot pending = f.clc.snapshots().create(QuotaClaim.unlimited(Quotas.SNAPSHOT_NUMBER, me.accountNumber(),
        me.userId()), new VolumeFacts("vol-00000002", "zone1", 20), null);
    f.clc.snapshots().apply("zone1", List.of(new SnapshotStore.Report(pending.snapshotId(), "pending", "35%", null)));
    try (Ec2Client c = f.ec2(me)) {
      c.createTags(r -> r.resources(big).tags(Tag.builder().key("tier").value("gold").build()));
      assertThat(ids(c, r -> r.filters(filter("status", "completed")))).containsExactlyInAnyOrder(small, big);
      assertThat(ids(c, r -> r.filters(filter("status", "pending")))).containsExactly(pending.snapshotId());
      assertThat(ids(c, r -> r.filters(filter("progress", "35%")))).containsExactly(pending.snapshotId());
      assertThat(ids(c, r -> r.filters(filter("volume-size", "1")))).containsExactly(small);
      assertThat(ids(c, r -> r.filters(filter("volume-id", "vol-00000002"))))
          .containsExactlyInAnyOrder(big, pending.snapshotId());
      assertThat(ids(c, r -> r.filters(filter("description", "*backup")))).containsExactly(small);
      assertThat(ids(c, r -> r.filters(filter("snapshot-id", small)))).containsExactly(small);
      assertThat(ids(c, r -> r.filters(filter("owner-id", me.accountNumber())))).hasSize(3);
      assertThat(ids(c, r -> r.filters(filter("owner-id", owner.accountNumber())))).isEmpty();
      assertThat(ids(c, r -> r.filters(filter("start-time", "20*")))).hasSize(3);
      assertThat(ids(c, r -> r.filters(filter("tag:tier", "gold")))).containsExactly(big);
      assertThat(ids(c, r -> r.filters(filter("tag-key", "tier")))).containsExactly(big);
      assertThat(ids(c, r -> r.filters(filter("tag-value", "g*")))).containsExactly(big);
      assertThat(ids(c, r -> r.filters(filter("status", "completed"), filter("volume-size", "20"))))
          .containsExactly(big);
      assertThatThrownBy(() -> c.describeSnapshots(r -> r.filters(filter("colour", "red"))))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    }
  }

  @Test
  void theCallersPoliciesDecide() throws Exception {
    AccessKeyOwner admin = f.newAccount("snap-policies");
    String a = snapshot(admin, "vol-0000000a", 1, null);
    String b = snapshot(admin, "vol-0000000b", 1, null);
    try (software.amazon.awssdk.services.iam.IamClient iam = software.amazon.awssdk.services.iam.IamClient.builder()
        .endpointOverride(java.net.URI.create(f.base() + "/services/Euare"))
        .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(admin.accessKeyId(), admin.secretKey())))
        .httpClient(software.amazon.awssdk.http.apache5.Apache5HttpClient.create()).build()) {
      iam.createUser(r -> r.userName("carol"));
    }
    AccessKeyOwner carol = f.clc.identity().createAccessKey(admin.accountName(), "carol");
    putPolicy("USER", carol.userId(), "some", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "[\"ec2:DescribeSnapshots\",\"ec2:DescribeSnapshotAttribute\"],\"Resource\":\"arn:aws:ec2:::snapshot/" + a
        + "\"}]}");
    try (Ec2Client c = f.ec2(carol)) {
      assertThat(ids(c, r -> { })).containsExactly(a);
      c.describeSnapshotAttribute(r -> r.snapshotId(a).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION));
      assertThatThrownBy(() -> c.describeSnapshotAttribute(r -> r.snapshotId(b)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("UnauthorizedOperation"));
      assertThatThrownBy(() -> c.deleteSnapshot(r -> r.snapshotId(a)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("UnauthorizedOperation"));
      assertThatThrownBy(() -> c.createSnapshot(r -> r.volumeId("vol-0000000a")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("UnauthorizedOperation"));
    }
    assertThat(f.clc.snapshots().find(a)).isPresent();
  }

  @Test
  void errors() throws Exception {
    AccessKeyOwner me = f.newAccount("snap-errors");
    String id = snapshot(me, "vol-0000beef", 1, null);
    try (Ec2Client c = f.ec2(me)) {
      assertThatThrownBy(() -> c.createSnapshot(r -> r.volumeId("vol-0badf00d")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidVolume.NotFound"));
      assertThatThrownBy(() -> c.describeSnapshots(r -> r.snapshotIds("snap-0badf00d")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshot.NotFound"));
      assertThatThrownBy(() -> c.deleteSnapshot(r -> r.snapshotId("snap-0badf00d")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshot.NotFound"));
      assertThatThrownBy(() -> c.deleteSnapshot(r -> r.snapshotId("vol-0badf00d")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSnapshotID.Malformed"));
      assertThatThrownBy(() -> c.describeSnapshotAttribute(r -> r.snapshotId(id).attribute("launchPermission")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
      // No storage controller serves zone1 here: the snapshot cannot be deleted, and stays as it was.
      assertThatThrownBy(() -> c.deleteSnapshot(r -> r.snapshotId(id))).satisfies(e -> {
        assertThat(code(e)).isEqualTo("Unavailable");
        assertThat(((Ec2Exception) e).statusCode()).isEqualTo(503);
      });
      assertThat(ids(c, r -> { })).containsExactly(id);
    }
    var missing = Ec2QueryApiTestSupport.post(f.server.port(), me, Map.of("Action", "CreateSnapshot",
        "Version", "2012-05-01"));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("<Code>MissingParameter</Code>");
  }

  /** Stores a user's policy, as setup (the way QuotasTest does). */
  static void putPolicy(String ownerKind, String ownerId, String name, String document) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
         var st = c.prepareStatement("insert into iam_policies (policy_id, owner_kind, owner_id, name, document,"
             + " created) values (?, ?, ?, ?, ?, current_timestamp)")) {
      st.setString(1, java.util.UUID.randomUUID().toString().replace("-", ""));
      st.setString(2, ownerKind);
      st.setString(3, ownerId);
      st.setString(4, name);
      st.setString(5, document);
      st.executeUpdate();
    }
  }

  static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }
}
