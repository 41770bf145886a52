package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** Tags on security groups and images through the EC2 API (instance tags: the end-to-end test). */
@IntegrationTest
class TagsTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static Ec2Client admin;
  static AccessKeyOwner tenantKey;
  static Ec2Client tenant;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    admin = f.ec2(f.clc.admin());
    tenantKey = f.newAccount("tags-tenant");
    tenant = f.ec2(tenantKey);
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(admin, tenant, f);
  }

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  @Test
  void tagDescribeFilterAndDelete() throws Exception {
    String web = tenant.createSecurityGroup(r -> r.groupName("web").description("w")).groupId();
    String db = tenant.createSecurityGroup(r -> r.groupName("db").description("d")).groupId();
    tenant.createTags(r -> r.resources(web, db).tags(Tag.builder().key("env").value("prod").build()));
    tenant.createTags(r -> r.resources(web).tags(Tag.builder().key("role").value("frontend").build(),
        Tag.builder().key("env").value("staging").build()));

    List<TagDescription> all = tenant.describeTags().tags();
    assertThat(all).extracting(t -> t.resourceId() + " " + t.key() + "=" + t.value())
        .containsExactlyInAnyOrder(web + " env=staging", web + " role=frontend", db + " env=prod");
    assertThat(all).allMatch(t -> t.resourceTypeAsString().equals("security-group"));
    assertThat(tenant.describeTags(r -> r.filters(Filter.builder().name("key").values("role").build())).tags())
        .extracting(TagDescription::resourceId).containsExactly(web);

    assertThat(tenant.describeSecurityGroups(r -> r
        .filters(Filter.builder().name("tag:env").values("prod").build())).securityGroups())
        .extracting(SecurityGroup::groupName).containsExactly("db");
    assertThat(tenant.describeSecurityGroups(r -> r
        .filters(Filter.builder().name("tag-key").values("ro*").build())).securityGroups())
        .extracting(SecurityGroup::groupName).containsExactly("web");
    assertThat(tenant.describeSecurityGroups(r -> r.groupNames("web")).securityGroups().get(0).tags())
        .extracting(Tag::key).containsExactly("env", "role");

    tenant.deleteTags(r -> r.resources(web).tags(Tag.builder().key("env").value("not-this-value").build()));
    assertThat(tenant.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(web).build()))
        .tags()).hasSize(2);
    tenant.deleteTags(r -> r.resources(web).tags(Tag.builder().key("env").build()));
    assertThat(tenant.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(web).build())).tags())
        .extracting(TagDescription::key).containsExactly("role");
  }

  @Test
  void onlyYourOwnResourcesAndWithinLimits() throws Exception {
    Path image = Files.write(tmp.resolve("img"), new byte[16]);
    String emi = f.clc.images().register(f.clc.admin().accountNumber(), "img", null, image.toUri().toString(),
        "machine", "x86_64", null, null, true).imageId();
    admin.createTags(r -> r.resources(emi).tags(Tag.builder().key("os").value("busybox").build()));
    assertThat(admin.describeTags(r -> r.filters(Filter.builder().name("resource-type").values("image").build()))
        .tags())
        .extracting(TagDescription::value).containsExactly("busybox");
    // The tenant may run the public image but not tag it, and does not see the admin's tags.
    assertThatThrownBy(() -> tenant.createTags(r -> r.resources(emi).tags(Tag.builder().key("k").value("v").build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidAMIID.NotFound"));
    assertThat(tenant.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(emi).build()))
        .tags()).isEmpty();

    assertThatThrownBy(() -> admin.createTags(r -> r.resources("i-12345678").tags(Tag.builder().key("k").build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceID.NotFound"));
    // Volumes take tags (clc-volumes): one that does not exist is InvalidVolume.NotFound; a kind that takes none is InvalidID.
    assertThatThrownBy(() -> admin.createTags(r -> r.resources("vol-12345678").tags(Tag.builder().key("k").build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidVolume.NotFound"));
    assertThatThrownBy(() -> admin.createTags(r -> r.resources("eni-12345678").tags(Tag.builder().key("k").build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidID"));
    assertThatThrownBy(() -> admin.createTags(r -> r.resources(emi).tags(Tag.builder().key("aws:x").value("v").build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));

    List<Tag> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(Tag.builder().key("k" + i).value("v").build());
    }
    assertThatThrownBy(() -> admin.createTags(r -> r.resources(emi).tags(many)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("TagLimitExceeded"));
    // All or nothing: the refused request added none of its tags.
    assertThat(admin.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(emi).build()))
        .tags()).hasSize(1);
  }

  /** Tags go with their resource: a deleted group, a deregistered image, an instance gone from view. */
  @Test
  void tagsOfDeletedResourcesDisappear() throws Exception {
    String gone = tenant.createSecurityGroup(r -> r.groupName("short-lived").description("s")).groupId();
    String kept = tenant.createSecurityGroup(r -> r.groupName("long-lived").description("l")).groupId();
    tenant.createTags(r -> r.resources(gone, kept).tags(Tag.builder().key("life").value("x").build()));
    tenant.deleteSecurityGroup(r -> r.groupId(gone));
    assertThat(tenant.describeTags(r -> r.filters(Filter.builder().name("key").values("life").build())).tags())
        .extracting(TagDescription::resourceId).containsExactly(kept);

    Path image = Files.write(tmp.resolve("img-dereg"), new byte[16]);
    String emi = f.clc.images().register(tenantKey.accountNumber(), "dereg", null, image.toUri().toString(),
        "machine", "x86_64", null, null, false).imageId();
    tenant.createTags(r -> r.resources(emi).tags(Tag.builder().key("life").value("img").build()));
    tenant.deregisterImage(r -> r.imageId(emi));
    assertThat(tenant.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(emi).build()))
        .tags()).isEmpty();

    // Terminated instances stay in view (and keep their tags) for an hour, then go with them.
    instanceWithTag("i-7a900001", "terminated", java.time.Duration.ofHours(2));
    instanceWithTag("i-7a900002", "terminated", java.time.Duration.ofMinutes(1));
    instanceWithTag("i-7a900003", "running", java.time.Duration.ofHours(2));
    assertThat(tenant.describeTags(r -> r.filters(Filter.builder().name("resource-type").values("instance").build()))
        .tags())
        .extracting(TagDescription::resourceId).containsExactlyInAnyOrder("i-7a900002", "i-7a900003");
    assertThatThrownBy(() -> tenant.createTags(r -> r.resources("i-7a900001").tags(Tag.builder().key("k").build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceID.NotFound"));
  }

  /** An instance row and one tag on it, as a launch and a CreateTags long ago would have left them. */
  private static void instanceWithTag(String id, String state, java.time.Duration ago) throws Exception {
    var db = f.database;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      try (var st = c.prepareStatement("insert into instances (instance_id, reservation_id, account_number, user_id,"
          + " image_id, vm_type, cluster, state, launch_index, mac_address, launch_time, state_changed)"
          + " values (?, 'r-7a900000', ?, ?, 'emi-7a900000', 'm1.small', 'cluster01', ?, 0, 'd0:0d:7a:90:00:01', ?, ?)")) {
        java.sql.Timestamp then = java.sql.Timestamp.from(java.time.Instant.now().minus(ago));
        st.setString(1, id);
        st.setString(2, tenantKey.accountNumber());
        st.setString(3, tenantKey.userId());
        st.setString(4, state);
        st.setTimestamp(5, then);
        st.setTimestamp(6, then);
        st.executeUpdate();
      }
      try (var st = c.prepareStatement("insert into tags (resource_id, tag_key, tag_value, resource_type,"
          + " account_number) values (?, 'life', 'i', 'instance', ?)")) {
        st.setString(1, id);
        st.setString(2, tenantKey.accountNumber());
        st.executeUpdate();
      }
    }
  }
}
