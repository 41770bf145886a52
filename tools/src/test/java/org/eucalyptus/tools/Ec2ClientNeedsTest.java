package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AccountAttribute;
import software.amazon.awssdk.services.ec2.model.AccountAttributeValue;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * What the AWS CLI and SDK-based tools need of EC2, on a real chain (a node on the libvirt test
 * driver, a cluster controller, the cloud controller) driven with the AWS SDK for Java: ids in
 * AWS's lower-case form and taken in any case, the instance attributes with disableApiTermination
 * enforced, the account attributes, and an address pool's error that says how to grow it.
 */
@IntegrationTest
class Ec2ClientNeedsTest {
  @TempDir static Path tmp;
  static NodeController nc;
  static ClusterController cc;
  static CloudMain cloud;
  static String emi;
  static String eki;
  static Ec2Client ec2;
  static TestPostgres postgres;

  @BeforeAll
  static void startTheCloud() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of(
        "NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100"))
        .with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString()));
    nc.start();
    cc = new ClusterController(EucaConf.of(Map.of(
        "CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1", "NODES", "127.0.0.1:" + nc.port()))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    cc.start();
    postgres = TestPostgres.requested() ? TestPostgres.create("euca_e2e") : null;
    cloud = new CloudMain(EucaConf.of(Map.of(
        "CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1", "CLC_DATA_DIR", tmp.resolve("clc").toString(),
        "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port()))
        .with(postgres == null ? Map.of() : postgres.settings("CLC")));
    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    Path kernel = Files.write(tmp.resolve("vmlinuz"), new byte[1024]);
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    eki = cloud.clc().images().register(cloud.clc().admin().accountNumber(), "vmlinuz", null,
        kernel.toUri().toString(), "kernel", "x86_64", null, null, true).imageId();
    emi = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc", eucarc.toString(),
        "--file", image.toString())).isZero()).strip().split("\t")[1];
    ec2 = Ec2Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            cloud.clc().admin().accessKeyId(), cloud.clc().admin().secretKey())))
        .httpClient(Apache5HttpClient.create())
        .build();
    EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(20), () -> ec2.describeAvailabilityZones()
        .availabilityZones().stream().anyMatch(z -> z.stateAsString().equals("available")));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {ec2, cloud, cc, nc, postgres}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  static Instance describe(String id) {
    return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  static String launch(String userData) throws Exception {
    String id = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1).userData(userData))
        .instances().get(0).instanceId();
    EndToEndTest.awaitTrue(id + " running", Duration.ofSeconds(20),
        () -> describe(id).state().name() == InstanceStateName.RUNNING);
    return id;
  }

  @Test
  void idsAreLowerCaseAndTakenInAnyCase() throws Exception {
    assertThat(emi).matches("emi-[0-9a-f]{8}");
    assertThat(eki).matches("eki-[0-9a-f]{8}");
    var run = ec2.runInstances(r -> r.imageId(emi.toUpperCase(Locale.ROOT)).minCount(1).maxCount(1));
    String id = run.instances().get(0).instanceId();
    assertThat(id).matches("i-[0-9a-f]{8}");
    assertThat(run.reservationId()).matches("r-[0-9a-f]{8}");
    assertThat(run.instances().get(0).imageId()).isEqualTo(emi);
    String group = ec2.describeSecurityGroups(r -> r.groupNames("default")).securityGroups().get(0).groupId();
    assertThat(group).matches("sg-[0-9a-f]{8}");

    String upper = "I-" + id.substring(2).toUpperCase(Locale.ROOT);
    assertThat(describe(upper).instanceId()).isEqualTo(id);
    assertThat(ec2.describeInstances(r -> r
        .filters(Filter.builder().name("instance-id").values(upper).build())).reservations())
        .flatExtracting(x -> x.instances()).extracting(Instance::instanceId).containsExactly(id);
    ec2.createTags(r -> r.resources(upper).tags(Tag.builder().key("case").value("any").build()));
    assertThat(describe(id).tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("case=any");
    assertThat(ec2.describeImages(r -> r.imageIds(emi.toUpperCase(Locale.ROOT))).images()).hasSize(1);
    assertThat(ec2.describeSecurityGroups(r -> r.groupIds(group.toUpperCase(Locale.ROOT))).securityGroups())
        .hasSize(1);

    var term = ec2.terminateInstances(r -> r.instanceIds(upper)).terminatingInstances();
    assertThat(term).extracting(t -> t.instanceId()).containsExactly(id);
    EndToEndTest.awaitTrue(id + " terminated", Duration.ofSeconds(20),
        () -> describe(id).state().name() == InstanceStateName.TERMINATED);
  }

  @Test
  void instanceAttributesAndTerminationProtection() throws Exception {
    String userData = Base64.getEncoder().encodeToString("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
    String id = launch(userData);
    DescribeInstanceAttributeResponse a = attr(id, InstanceAttributeName.INSTANCE_TYPE);
    assertThat(a.instanceId()).isEqualTo(id);
    assertThat(a.instanceType().value()).isEqualTo("m1.small");
    assertThat(attr(id, InstanceAttributeName.USER_DATA).userData().value()).isEqualTo(userData);
    assertThat(attr(id, InstanceAttributeName.DISABLE_API_TERMINATION).disableApiTermination().value()).isFalse();
    assertThat(attr(id, InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR)
        .instanceInitiatedShutdownBehavior().value()).isEqualTo("terminate");
    assertThat(attr(id, InstanceAttributeName.ROOT_DEVICE_NAME).rootDeviceName().value()).isEqualTo("/dev/sda1");
    assertThat(attr(id, InstanceAttributeName.BLOCK_DEVICE_MAPPING).blockDeviceMappings()).isEmpty();
    assertThat(attr(id, InstanceAttributeName.GROUP_SET).groups()).extracting(g -> g.groupName())
        .containsExactly("default");
    assertThat(attr(id, InstanceAttributeName.KERNEL).kernelId().value()).isNull();

    // Changed only on a stopped instance in EC2, and nothing stops here.
    assertThatThrownBy(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value("m1.large"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("IncorrectInstanceState"));
    assertThatThrownBy(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id).kernel(v -> v.value(eki))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("IncorrectInstanceState"));
    assertThatThrownBy(() -> ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("colour")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));

    ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(v -> v.value(true)));
    assertThat(attr(id, InstanceAttributeName.DISABLE_API_TERMINATION).disableApiTermination().value()).isTrue();
    assertThatThrownBy(() -> ec2.terminateInstances(r -> r.instanceIds(id)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("OperationNotPermitted"));
    assertThat(describe(id).state().name()).isEqualTo(InstanceStateName.RUNNING);
    // The flat form euca2ools and boto 2 send.
    ec2.modifyInstanceAttribute(r -> r.instanceId(id).attribute(InstanceAttributeName.DISABLE_API_TERMINATION)
        .value("false"));
    ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(v -> v.value(true)));
    ec2.resetInstanceAttribute(r -> r.instanceId(id).attribute("disableApiTermination"));
    ec2.terminateInstances(r -> r.instanceIds(id));
    EndToEndTest.awaitTrue(id + " terminated", Duration.ofSeconds(20),
        () -> describe(id).state().name() == InstanceStateName.TERMINATED);
  }

  private static DescribeInstanceAttributeResponse attr(String id, InstanceAttributeName name) {
    return ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute(name));
  }

  @Test
  void accountAttributesAndTheAddressPool() throws Exception {
    Map<String, List<String>> all = attributes(ec2.describeAccountAttributes().accountAttributes());
    assertThat(all.get("supported-platforms")).containsExactly("EC2");
    assertThat(all.get("default-vpc")).containsExactly("none");
    assertThat(Integer.parseInt(all.get("max-instances").get(0))).isGreaterThan(0);
    assertThat(all.get("max-elastic-ips")).containsExactly("0");
    assertThat(attributes(ec2.describeAccountAttributes(r -> r.attributeNamesWithStrings("default-vpc"))
        .accountAttributes()).keySet()).containsExactly("default-vpc");
    // This cloud's quota attributes: none applies to the administrator, so none is listed, even by name.
    assertThat(all.keySet()).noneMatch(k -> k.startsWith("euca-"));
    assertThat(ec2.describeAccountAttributes(r -> r.attributeNamesWithStrings("euca-max-volumes"))
        .accountAttributes()).isEmpty();

    assertThatThrownBy(() -> ec2.allocateAddress(r -> { }))
        .satisfies(e -> assertThat(code(e)).isEqualTo("AddressLimitExceeded"))
        .hasMessageContaining("euca-admin set-addresses");
  }

  private static Map<String, List<String>> attributes(List<AccountAttribute> l) {
    return l.stream().collect(Collectors.toMap(AccountAttribute::attributeName,
        x -> x.attributeValues().stream().map(AccountAttributeValue::attributeValue).toList()));
  }
}
