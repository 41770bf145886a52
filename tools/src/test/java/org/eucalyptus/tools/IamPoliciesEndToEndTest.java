package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.QuerySigner;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Issue 18's story as users tell it, through the whole cloud (CLC with Walrus, a cluster, a node on
 * libvirt's test driver) with the AWS SDK's IAM, EC2 and S3 clients: a new user may do nothing; a
 * group's policy lets its members do what it says and no more; a Deny beats an Allow; a policy on
 * one bucket prefix; a condition on the client's address; an account quota of two instances, also
 * under parallel launches; a user quota of one bucket. Runs again on PostgreSQL when asked
 * (euca.test.db=postgresql).
 */
@IntegrationTest
class IamPoliciesEndToEndTest {
  @TempDir static Path tmp;
  static NodeController nc;
  static ClusterController cc;
  static CloudMain cloud;
  static TestPostgres postgres;
  static String emi;
  static AccessKeyOwner tenant;
  static IamClient tenantIam;
  static final List<AutoCloseable> CLIENTS = new ArrayList<>();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheCloud() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of(
        "NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "16", "MAX_MEM", "16384", "MAX_DISK", "400"))
        .with("NC_KEYS_DIR", tmp.resolve("nc-keys").toString()));
    nc.start();
    cc = new ClusterController(EucaConf.of(Map.of(
        "CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1", "NODES", "127.0.0.1:" + nc.port()))
        .with("CC_KEYS_DIR", tmp.resolve("cc-keys").toString()));
    cc.start();
    postgres = TestPostgres.requested() ? TestPostgres.create("euca_iam_e2e") : null;
    cloud = new CloudMain(EucaConf.of(Map.of(
        "CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1", "CLC_DATA_DIR", tmp.resolve("clc").toString(),
        "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port()))
        .with(postgres == null ? Map.of() : postgres.settings("CLC")));
    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    String out = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc",
        eucarc.toString(), "--file", image.toString())).isZero());
    emi = out.strip().split("\t")[1];
    AccessKeyOwner admin = cloud.clc().admin();
    try (Ec2Client ec2 = ec2(admin)) {
      // The cloud's image, launchable by every account.
      ec2.modifyImageAttribute(r -> r.imageId(emi).launchPermission(p -> p.add(
          software.amazon.awssdk.services.ec2.model.LaunchPermission.builder().group("all").build())));
      EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(20), () -> ec2.describeAvailabilityZones()
          .availabilityZones().stream().anyMatch(z -> z.stateAsString().equals("available")));
    }
    tenant = newAccount("tenant");
    tenantIam = iam(tenant);
  }

  @AfterAll
  static void stop() {
    List<AutoCloseable> all = new ArrayList<>(CLIENTS);
    all.add(tenantIam);
    all.addAll(java.util.Arrays.asList(cloud, cc, nc, postgres));
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  @Test
  void aNewUserMayDoNothing() {
    Keys bob = user("bob");
    assertThat(ec2Error(() -> ec2(bob).describeInstances())).isEqualTo("UnauthorizedOperation");
    assertThat(ec2Error(() -> ec2(bob).createKeyPair(r -> r.keyName("bobs")))).isEqualTo("UnauthorizedOperation");
    assertThat(ec2Error(() -> ec2(bob).runInstances(r -> r.imageId(emi).minCount(1).maxCount(1))))
        .isEqualTo("UnauthorizedOperation");
    assertThat(s3Error(() -> s3(bob).listBuckets())).isEqualTo("AccessDenied");
    assertThat(s3Error(() -> s3(bob).createBucket(r -> r.bucket("bobs-bucket")))).isEqualTo("AccessDenied");
    assertThat(iamError(() -> iam(bob).listUsers())).isEqualTo("AccessDenied");
    // Its account's admin may do all of it.
    ec2(tenant).describeInstances();
    assertThat(iam(tenant).listUsers().users()).extracting(u -> u.userName()).contains("bob");
  }

  @Test
  void aGroupPolicyAllowingDescribeLetsMembersDescribeAndNothingMore() {
    tenantIam.createGroup(r -> r.groupName("readers").path("/ops/"));
    Keys alice = user("alice");
    tenantIam.addUserToGroup(r -> r.groupName("readers").userName("alice"));
    tenantIam.putGroupPolicy(r -> r.groupName("readers").policyName("describe").policyDocument(
        allow("\"ec2:Describe*\"", "\"*\"")));
    assertThat(tenantIam.getGroup(r -> r.groupName("readers")).users()).extracting(u -> u.userName())
        .containsExactly("alice");

    Ec2Client ec2 = ec2(alice);
    ec2.describeInstances();
    assertThat(ec2.describeImages(r -> r.imageIds(emi)).images()).hasSize(1);
    ec2.describeKeyPairs();
    assertThat(ec2Error(() -> ec2.createKeyPair(r -> r.keyName("alices")))).isEqualTo("UnauthorizedOperation");
    assertThat(ec2Error(() -> ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1))))
        .isEqualTo("UnauthorizedOperation");
    assertThat(s3Error(() -> s3(alice).listBuckets())).isEqualTo("AccessDenied");

    // Out of the group, the permission goes at once.
    tenantIam.removeUserFromGroup(r -> r.groupName("readers").userName("alice"));
    assertThat(ec2Error(ec2::describeInstances)).isEqualTo("UnauthorizedOperation");
  }

  @Test
  void anExplicitDenyBeatsAnAllow() {
    Keys carol = user("carol");
    tenantIam.putUserPolicy(r -> r.userName("carol").policyName("all-ec2").policyDocument(allow("\"ec2:*\"", "\"*\"")));
    tenantIam.putUserPolicy(r -> r.userName("carol").policyName("no-keys").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ec2:CreateKeyPair\","
            + "\"Resource\":\"*\"}]}"));
    Ec2Client ec2 = ec2(carol);
    ec2.describeKeyPairs();
    ec2.createSecurityGroup(r -> r.groupName("carols").description("allowed"));
    assertThat(ec2Error(() -> ec2.createKeyPair(r -> r.keyName("carols")))).isEqualTo("UnauthorizedOperation");
    tenantIam.deleteUserPolicy(r -> r.userName("carol").policyName("no-keys"));
    assertThat(ec2.createKeyPair(r -> r.keyName("carols")).keyName()).isEqualTo("carols");
  }

  @Test
  void anS3PolicyOnOneBucketPrefix() {
    String bucket = "shared-" + Long.toHexString(System.nanoTime());
    S3Client owner = s3(tenant);
    owner.createBucket(r -> r.bucket(bucket));
    owner.putObject(r -> r.bucket(bucket).key("public/a.txt"), RequestBody.fromString("for everyone"));
    owner.putObject(r -> r.bucket(bucket).key("private/b.txt"), RequestBody.fromString("not for dave"));

    Keys dave = user("dave");
    tenantIam.putUserPolicy(r -> r.userName("dave").policyName("public-prefix").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
            + "\"Resource\":\"arn:aws:s3:::" + bucket + "/public/*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::" + bucket + "\"}]}"));
    S3Client s3 = s3(dave);
    assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("public/a.txt")).asUtf8String()).isEqualTo("for everyone");
    s3.putObject(r -> r.bucket(bucket).key("public/c.txt"), RequestBody.fromString("from dave"));
    assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(3);
    assertThat(s3Error(() -> s3.getObjectAsBytes(r -> r.bucket(bucket).key("private/b.txt")))).isEqualTo("AccessDenied");
    assertThat(s3Error(() -> s3.putObject(r -> r.bucket(bucket).key("private/x.txt"), RequestBody.fromString("no"))))
        .isEqualTo("AccessDenied");
    assertThat(s3Error(() -> s3.deleteObject(r -> r.bucket(bucket).key("public/a.txt")))).isEqualTo("AccessDenied");
  }

  @Test
  void aConditionOnTheClientsAddress() {
    Keys erin = user("erin");
    tenantIam.putUserPolicy(r -> r.userName("erin").policyName("from-loopback").policyDocument(
        describeFrom("127.0.0.0/8")));
    ec2(erin).describeInstances();

    Keys frank = user("frank");
    tenantIam.putUserPolicy(r -> r.userName("frank").policyName("from-the-office").policyDocument(
        describeFrom("10.0.0.0/8")));
    assertThat(ec2Error(() -> ec2(frank).describeInstances())).isEqualTo("UnauthorizedOperation");
  }

  @Test
  void anAccountQuotaOfTwoInstancesHoldsUnderParallelLaunches() throws Exception {
    AccessKeyOwner quoted = newAccount("quoted");
    Map<String, String> put = new LinkedHashMap<>();
    put.put("Action", "PutAccountPolicy");
    put.put("AccountName", "quoted");
    put.put("PolicyName", "two-instances");
    put.put("PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Limit\","
        + "\"Action\":\"ec2:RunInstances\",\"Resource\":\"*\","
        + "\"Condition\":{\"NumericLessThanEquals\":{\"ec2:quota-vminstancenumber\":\"2\"}}}]}");
    HttpResponse<String> answer = euare(cloud.clc().admin(), put);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    // Only the cloud administrator sets an account's quotas.
    put.put("AccountName", "tenant");
    assertThat(euare(tenant, put).statusCode()).isEqualTo(403);

    Ec2Client ec2 = ec2(quoted);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> launches = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Callable<String> launch = () -> {
          try {
            return ec2.runInstances(r -> r.imageId(emi).instanceType("m1.small").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
          } catch (Ec2Exception e) {
            return e.awsErrorDetails().errorCode();
          }
        };
        launches.add(pool.submit(launch));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : launches) {
        outcomes.add(f.get());
      }
      assertThat(outcomes.stream().filter(o -> o.startsWith("i-"))).as(outcomes.toString()).hasSize(2);
      assertThat(outcomes.stream().filter(o -> o.equals("InstanceLimitExceeded"))).as(outcomes.toString()).hasSize(4);
    } finally {
      pool.shutdownNow();
    }
    assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InstanceLimitExceeded");
          assertThat(e.getMessage()).contains("2");
        });
    List<String> mine = ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
        .map(Instance::instanceId).toList();
    assertThat(mine).hasSize(2);
    // A terminated instance frees its slot.
    ec2.terminateInstances(r -> r.instanceIds(mine.get(0)));
    String[] again = new String[1];
    try {
      EndToEndTest.awaitTrue("a slot after terminating", Duration.ofSeconds(30), () -> {
        try {
          again[0] = ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)).instances().get(0).instanceId();
          return true;
        } catch (Ec2Exception e) {
          return false;
        }
      });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(again[0]).startsWith("i-");
  }

  @Test
  void aUserQuotaOfOneBucket() {
    Keys gina = user("gina");
    tenantIam.putUserPolicy(r -> r.userName("gina").policyName("s3-one-bucket").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Limit\",\"Action\":\"s3:CreateBucket\",\"Resource\":\"*\","
            + "\"Condition\":{\"NumericLessThanEquals\":{\"s3:quota-bucketnumber\":\"1\"}}}]}"));
    S3Client s3 = s3(gina);
    String first = "gina-" + Long.toHexString(System.nanoTime());
    s3.createBucket(r -> r.bucket(first));
    assertThat(s3Error(() -> s3.createBucket(r -> r.bucket(first + "-2")))).isEqualTo("TooManyBuckets");
    // The quota is gina's: her account's admin is not held to it.
    s3(tenant).createBucket(r -> r.bucket(first + "-admin"));
  }

  @Test
  void aMalformedPolicyIsRefusedSayingWhere() {
    user("henry");
    assertThatThrownBy(() -> tenantIam.putUserPolicy(r -> r.userName("henry").policyName("broken").policyDocument(
        "{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",}]}")))
        .isInstanceOfSatisfying(IamException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
          assertThat(e.awsErrorDetails().errorMessage()).contains("line 2");
        });
  }

  // --- helpers ---

  record Keys(String accessKey, String secretKey) {}

  /** A new user of the tenant account with an access key, made by the account's admin. */
  static Keys user(String name) {
    tenantIam.createUser(r -> r.userName(name));
    var k = tenantIam.createAccessKey(r -> r.userName(name)).accessKey();
    return new Keys(k.accessKeyId(), k.secretAccessKey());
  }

  static AccessKeyOwner newAccount(String name) throws Exception {
    cloud.clc().identity().createAccount(name);
    return cloud.clc().identity().createAccessKey(name, "admin");
  }

  static String allow(String actions, String resources) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
        + ",\"Resource\":" + resources + "}]}";
  }

  static String describeFrom(String cidr) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\","
        + "\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"" + cidr + "\"}}}]}";
  }

  static String ec2Error(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      return e.awsErrorDetails().errorCode();
    }
    return "allowed";
  }

  static String s3Error(Runnable call) {
    try {
      call.run();
    } catch (S3Exception e) {
      return e.awsErrorDetails().errorCode();
    }
    return "allowed";
  }

  static String iamError(Runnable call) {
    try {
      call.run();
    } catch (IamException e) {
      return e.awsErrorDetails().errorCode();
    }
    return "allowed";
  }

  static String base() {
    return "http://127.0.0.1:" + cloud.port();
  }

  static <T extends AutoCloseable> T keep(T client) {
    synchronized (CLIENTS) {
      CLIENTS.add(client);
    }
    return client;
  }

  static StaticCredentialsProvider credentials(String ak, String sk) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk));
  }

  static Ec2Client ec2(AccessKeyOwner k) {
    return ec2(new Keys(k.accessKeyId(), k.secretKey()));
  }

  static Ec2Client ec2(Keys k) {
    return keep(Ec2Client.builder().endpointOverride(URI.create(base() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus")).credentialsProvider(credentials(k.accessKey(), k.secretKey()))
        .httpClient(Apache5HttpClient.create()).build());
  }

  static S3Client s3(AccessKeyOwner k) {
    return s3(new Keys(k.accessKeyId(), k.secretKey()));
  }

  static S3Client s3(Keys k) {
    return keep(S3Client.builder().endpointOverride(URI.create(base() + "/services/Walrus")).forcePathStyle(true)
        .region(Region.of("eucalyptus")).credentialsProvider(credentials(k.accessKey(), k.secretKey()))
        .httpClient(Apache5HttpClient.create()).build());
  }

  static IamClient iam(AccessKeyOwner k) {
    return iam(new Keys(k.accessKeyId(), k.secretKey()));
  }

  static IamClient iam(Keys k) {
    return keep(IamClient.builder().endpointOverride(URI.create(base() + "/services/Euare"))
        .region(Region.AWS_GLOBAL).credentialsProvider(credentials(k.accessKey(), k.secretKey()))
        .httpClient(Apache5HttpClient.create()).build());
  }

  /** An IAM call the SDK has no method for (Eucalyptus's account policies), signed as {@code k}. */
  static HttpResponse<String> euare(AccessKeyOwner k, Map<String, String> params) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(params);
    all.put("Version", "2010-05-08");
    String body = QuerySigner.formBody(all);
    URI endpoint = URI.create(base() + "/services/Euare");
    HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(k.accessKeyId(), k.secretKey(), "eucalyptus", "iam").sign(endpoint, body, Instant.now())
        .forEach((h, v) -> {
          if (!h.equalsIgnoreCase("Host")) {
            req.header(h, v);
          }
        });
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }
}
