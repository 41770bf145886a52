package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** Security groups through the EC2 API, across two accounts. */
@IntegrationTest
class SecurityGroupsTest {
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
    tenantKey = f.newAccount("groups-tenant");
    tenant = f.ec2(tenantKey);
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(admin, tenant, f);
  }

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  static SecurityGroup group(Ec2Client c, String name) {
    return c.describeSecurityGroups(r -> r.groupNames(name)).securityGroups().get(0);
  }

  @Test
  void everyAccountHasAnEmptyDefaultGroup() {
    SecurityGroup d = group(tenant, "default");
    assertThat(d.groupId()).matches("sg-[0-9a-f]{8}");
    assertThat(d.ownerId()).isEqualTo(tenantKey.accountNumber());
    assertThat(d.ipPermissions()).isEmpty();
    assertThatThrownBy(() -> tenant.createSecurityGroup(r -> r.groupName("default").description("x")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.Duplicate"));
    assertThatThrownBy(() -> tenant.deleteSecurityGroup(r -> r.groupName("default")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("CannotDelete"));
  }

  @Test
  void authorizeDescribeRevokeDelete() {
    String webId = admin.createSecurityGroup(r -> r.groupName("web").description("web servers")).groupId();
    assertThatThrownBy(() -> admin.createSecurityGroup(r -> r.groupName("web").description("again")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.Duplicate"));
    String defaultId = group(admin, "default").groupId();
    String tenantDefault = group(tenant, "default").groupId();

    admin.authorizeSecurityGroupIngress(r -> r.groupName("web").ipPermissions(
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(81)
            .ipRanges(IpRange.builder().cidrIp("10.1.2.3/16").build(),
                IpRange.builder().cidrIp("192.168.0.0/24").build()).build()));
    admin.authorizeSecurityGroupIngress(r -> r.groupId(webId).ipPermissions(
        IpPermission.builder().ipProtocol("udp").fromPort(53).toPort(53)
            .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build()).build(),
        IpPermission.builder().ipProtocol("icmp").fromPort(-1).toPort(-1).userIdGroupPairs(
            UserIdGroupPair.builder().groupName("default").build()).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(8080).toPort(8080).userIdGroupPairs(
            UserIdGroupPair.builder().userId(tenantKey.accountNumber()).groupName("default").build()).build()));

    List<IpPermission> perms = group(admin, "web").ipPermissions();
    assertThat(perms).hasSize(5);
    IpPermission http = perms.stream().filter(p -> Integer.valueOf(80).equals(p.fromPort())).findFirst().orElseThrow();
    assertThat(http.ipRanges()).extracting(x -> x.cidrIp()).containsExactlyInAnyOrder("10.1.0.0/16", "192.168.0.0/24");
    IpPermission icmp = perms.stream().filter(p -> p.ipProtocol().equals("icmp")).findFirst().orElseThrow();
    assertThat(icmp.userIdGroupPairs()).singleElement().satisfies(pair -> {
      assertThat(pair.groupId()).isEqualTo(defaultId);
      assertThat(pair.groupName()).isEqualTo("default");
    });
    IpPermission cross = perms.stream().filter(p -> Integer.valueOf(8080).equals(p.fromPort())).findFirst().orElseThrow();
    assertThat(cross.userIdGroupPairs()).singleElement().satisfies(pair -> {
      assertThat(pair.groupId()).isEqualTo(tenantDefault);
      assertThat(pair.userId()).isEqualTo(tenantKey.accountNumber());
    });
    assertThat(admin.describeSecurityGroups(r -> r
        .filters(Filter.builder().name("ip-permission.from-port").values("22").build()))
        .securityGroups()).extracting(SecurityGroup::groupName).containsExactly("web");

    assertThatThrownBy(() -> admin.authorizeSecurityGroupIngress(r -> r.groupName("web").ipPermissions(
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidPermission.Duplicate"));
    admin.revokeSecurityGroupIngress(r -> r.groupName("web").ipPermissions(
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
    assertThatThrownBy(() -> admin.revokeSecurityGroupIngress(r -> r.groupName("web").ipPermissions(
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidPermission.NotFound"));
    assertThat(group(admin, "web").ipPermissions()).hasSize(4);

    // A group another group's rule names cannot go; once the rule is gone it can.
    String dbId = admin.createSecurityGroup(r -> r.groupName("db").description("databases")).groupId();
    admin.authorizeSecurityGroupIngress(r -> r.groupName("db").ipPermissions(IpPermission.builder().ipProtocol("tcp")
        .fromPort(5432).toPort(5432).userIdGroupPairs(UserIdGroupPair.builder().groupId(webId).build()).build()));
    assertThatThrownBy(() -> admin.deleteSecurityGroup(r -> r.groupId(webId)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.InUse"));
    admin.deleteSecurityGroup(r -> r.groupId(dbId));
    admin.deleteSecurityGroup(r -> r.groupName("web"));
    assertThatThrownBy(() -> admin.describeSecurityGroups(r -> r.groupNames("web")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.NotFound"));
  }

  @Test
  void badRulesAndOtherAccountsGroupsAreRefused() {
    tenant.createSecurityGroup(r -> r.groupName("checks").description("for bad input"));
    String adminDefault = group(admin, "default").groupId();
    for (IpPermission bad : List.of(
        IpPermission.builder().ipProtocol("gre").fromPort(1).toPort(1)
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(1).toPort(70000)
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(90).toPort(80)
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(80)
            .ipRanges(IpRange.builder().cidrIp("10.0.0.0/33").build()).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(80)
            .ipRanges(IpRange.builder().cidrIp("banana").build()).build())) {
      assertThatThrownBy(() -> tenant.authorizeSecurityGroupIngress(r -> r.groupName("checks").ipPermissions(bad)))
          .as(bad.toString()).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    }
    assertThatThrownBy(() -> tenant.authorizeSecurityGroupIngress(r -> r.groupId("sg-nothex!").ipPermissions(
        IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroupId.Malformed"));
    // Another account's group is not there for you, by id or by name.
    assertThatThrownBy(() -> tenant.authorizeSecurityGroupIngress(r -> r.groupId(adminDefault).ipPermissions(
        IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.NotFound"));
    assertThatThrownBy(() -> tenant.describeSecurityGroups(r -> r.groupIds(adminDefault)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.NotFound"));
    assertThat(tenant.describeSecurityGroups().securityGroups()).allMatch(g -> g.ownerId().equals(tenantKey.accountNumber()));
  }

  @Test
  void theFlatFormEuca2oolsSends() throws Exception {
    admin.createSecurityGroup(r -> r.groupName("flat").description("flat form"));
    HttpResponse<String> r = post(Map.of("Action", "AuthorizeSecurityGroupIngress", "Version", "2009-11-30",
        "GroupName", "flat", "IpProtocol", "tcp", "FromPort", "22", "ToPort", "22", "CidrIp", "0.0.0.0/0"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    r = post(Map.of("Action", "AuthorizeSecurityGroupIngress", "Version", "2009-11-30",
        "GroupName", "flat", "SourceSecurityGroupName", "default",
        "SourceSecurityGroupOwnerId", adminKey.accountNumber()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(group(admin, "flat").ipPermissions()).extracting(IpPermission::ipProtocol)
        .containsExactlyInAnyOrder("tcp", "tcp", "udp", "icmp");
  }

  /**
   * {@code euca-authorize -P tcp -p 22 -o other -u ACCOUNT granted}, as euca2ools 3.4 sends it: a
   * POST signed with Signature V2, whose rule names the source group and also carries the
   * client's default CIDR 0.0.0.0/0. Only the group may reach the port, and revoking the same
   * request takes the grant away.
   */
  @Test
  void euca2oolsGroupGrantDoesNotOpenThePortToTheWorld() throws Exception {
    tenant.createSecurityGroup(r -> r.groupName("granted").description("g"));
    tenant.createSecurityGroup(r -> r.groupName("other").description("o"));
    Map<String, String> p = new java.util.TreeMap<>(Map.of("Action", "AuthorizeSecurityGroupIngress",
        "Version", "2014-06-15", "GroupName", "granted", "IpPermissions.1.IpProtocol", "tcp",
        "IpPermissions.1.FromPort", "22", "IpPermissions.1.ToPort", "22",
        "IpPermissions.1.Groups.1.GroupName", "other", "IpPermissions.1.Groups.1.UserId", tenantKey.accountNumber(),
        "IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0"));
    HttpResponse<String> r = postV2(tenantKey, p);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<IpPermission> perms = group(tenant, "granted").ipPermissions();
    assertThat(perms).hasSize(1);
    assertThat(perms.get(0).ipRanges()).isEmpty();
    assertThat(perms.get(0).userIdGroupPairs()).extracting(UserIdGroupPair::groupName).containsExactly("other");

    // A CIDR given on its own, or a narrower one beside a group, is kept.
    tenant.authorizeSecurityGroupIngress(x -> x.groupName("granted").ipPermissions(IpPermission.builder()
        .ipProtocol("tcp").fromPort(80).toPort(80).ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
    assertThat(group(tenant, "granted").ipPermissions()).filteredOn(x -> x.fromPort() == 80)
        .flatExtracting(IpPermission::ipRanges).extracting(c -> c.cidrIp()).containsExactly("0.0.0.0/0");

    p.put("Action", "RevokeSecurityGroupIngress");
    r = postV2(tenantKey, p);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(group(tenant, "granted").ipPermissions()).extracting(IpPermission::fromPort).containsExactly(80);
  }

  /** A POST signed as euca2ools (requestbuilder) signs EC2 requests: Signature V2 over the form. */
  private static HttpResponse<String> postV2(AccessKeyOwner key, Map<String, String> params) throws Exception {
    Map<String, String> p = new java.util.TreeMap<>(params);
    p.put("AWSAccessKeyId", key.accessKeyId());
    p.put("SignatureVersion", "2");
    p.put("SignatureMethod", "HmacSHA256");
    p.put("Timestamp", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(Instant.now()));
    URI uri = URI.create(f.base() + "/services/Eucalyptus");
    p.put("Signature", org.eucalyptus.common.auth.SigV2.sign(key.secretKey(), "HmacSHA256",
        org.eucalyptus.common.auth.SigV2.stringToSign("POST", uri.getHost() + ":" + uri.getPort(), uri.getPath(), p)));
    HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(QuerySigner.formBody(p))).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void runInstancesChecksTheGroups() throws Exception {
    Path image = Files.write(tmp.resolve("img"), new byte[16]);
    String emi = f.clc.images().register(adminKey.accountNumber(), "img", null, image.toUri().toString(),
        "machine", "x86_64", null, null, true).imageId();
    assertThatThrownBy(() -> tenant.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1).securityGroups("nope")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.NotFound"));
    assertThatThrownBy(() -> tenant.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)
        .securityGroupIds(group(admin, "default").groupId())))
        .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidGroup.NotFound"));
  }

  private static HttpResponse<String> post(Map<String, String> params) throws Exception {
    String body = QuerySigner.formBody(params);
    URI uri = URI.create(f.base() + "/services/Eucalyptus");
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(adminKey.accessKeyId(), adminKey.secretKey(), "eucalyptus", "ec2").sign(uri, body, Instant.now())
        .forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
