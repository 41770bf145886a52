package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;

/** Images through the EC2 API: register, describe, share, describe and change attributes, deregister. */
@IntegrationTest
class ImagesTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;
  static AccessKeyOwner adminKey;
  static Ec2Client admin;
  static AccessKeyOwner tenantKey;
  static Ec2Client tenant;

  @BeforeAll
  static void start() throws Exception {
    f = new ClcApiFixture(tmp.resolve("clc"));
    adminKey = f.clc.admin();
    admin = f.ec2(adminKey);
    tenantKey = f.newAccount("images-tenant");
    tenant = f.ec2(tenantKey);
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(admin, tenant, f);
  }

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  static String register(String name) throws Exception {
    Path file = Files.write(tmp.resolve(name + ".img"), new byte[64]);
    return admin.registerImage(r -> r.imageLocation(file.toUri().toString()).name(name).architecture("x86_64"))
        .imageId();
  }

  static boolean tenantSees(String emi) {
    return tenant.describeImages().images().stream().anyMatch(i -> i.imageId().equals(emi));
  }

  @Test
  void shareUnshareAndDeregister() throws Exception {
    String emi = register("shared");
    Image seen = tenant.describeImages(r -> r.imageIds(emi)).images().get(0);
    assertThat(seen.ownerId()).isEqualTo(adminKey.accountNumber());
    assertThat(seen.publicLaunchPermissions()).isTrue();
    assertThat(seen.imageTypeAsString()).isEqualTo("machine");
    assertThat(seen.stateAsString()).isEqualTo("available");

    admin.resetImageAttribute(r -> r.imageId(emi).attribute("launchPermission"));
    assertThat(tenantSees(emi)).isFalse();
    assertThatThrownBy(() -> tenant.describeImages(r -> r.imageIds(emi)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidAMIID.NotFound"));
    assertThatThrownBy(() -> tenant.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidAMIID.NotFound"));

    admin.modifyImageAttribute(r -> r.imageId(emi).launchPermission(p -> p.add(
        LaunchPermission.builder().userId(tenantKey.accountNumber()).build())));
    assertThat(tenantSees(emi)).isTrue();
    assertThat(tenant.describeImages(r -> r.executableUsers("self")).images()).extracting(Image::imageId).contains(emi);
    assertThat(admin.describeImageAttribute(r -> r.imageId(emi).attribute("launchPermission")).launchPermissions())
        .extracting(LaunchPermission::userId).containsExactly(tenantKey.accountNumber());

    admin.modifyImageAttribute(r -> r.imageId(emi).launchPermission(p -> p.remove(
        LaunchPermission.builder().userId(tenantKey.accountNumber()).build())));
    assertThat(tenantSees(emi)).isFalse();
    admin.modifyImageAttribute(r -> r.imageId(emi).launchPermission(p -> p.add(
        LaunchPermission.builder().group("all").build())));
    assertThat(tenantSees(emi)).isTrue();

    assertThatThrownBy(() -> tenant.deregisterImage(r -> r.imageId(emi)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("AuthFailure"));
    admin.deregisterImage(r -> r.imageId(emi));
    assertThat(tenantSees(emi)).isFalse();
    assertThatThrownBy(() -> admin.describeImages(r -> r.imageIds(emi)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidAMIID.NotFound"));
  }

  @Test
  void describeFiltersAndAttributes() throws Exception {
    String a = register("alpha");
    String b = register("beta");
    admin.modifyImageAttribute(r -> r.imageId(b).description(d -> d.value("the second one")));
    assertThat(admin.describeImageAttribute(r -> r.imageId(b).attribute("description")).description().value())
        .isEqualTo("the second one");
    assertThat(admin.describeImages(r -> r.filters(Filter.builder().name("name").values("al*").build())).images())
        .extracting(Image::imageId).containsExactly(a);
    assertThat(admin.describeImages(r -> r.owners("self")
        .filters(Filter.builder().name("description").values("*second*").build()))
        .images()).extracting(Image::imageId).containsExactly(b);
    assertThat(tenant.describeImages(r -> r.owners("self")).images()).isEmpty();
    assertThatThrownBy(() -> admin.describeImages(r -> r.filters(Filter.builder().name("color").values("red").build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    assertThatThrownBy(() -> admin.describeImageAttribute(r -> r.imageId(a).attribute("sriovNetSupport")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    // Only the administrator registers images from files.
    Path file = Files.write(tmp.resolve("t.img"), new byte[8]);
    assertThatThrownBy(() -> tenant.registerImage(r -> r.imageLocation(file.toUri().toString()).name("t")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("AuthFailure"));
  }
}
