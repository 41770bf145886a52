package org.eucalyptus.walrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.walrus.auth.DatabaseKeyResolver;
import org.eucalyptus.walrus.auth.DatabasePolicySource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * IAM policies and quotas on S3, as a Walrus on a host of its own sees them: keys and policies read
 * from the CLC's database (DatabaseKeyResolver, DatabasePolicySource), requests from the AWS SDK.
 * Policies are written into the CLC's {@code iam_policies} table in setup, as the IAM API stores them.
 * On PostgreSQL too ({@code -Deuca.test.db=postgresql}: the CLC's and Walrus's databases there).
 */
@IntegrationTest
class S3PoliciesTest {
  @TempDir static Path tmp;
  static TestPostgres clcPg;
  static TestDb walrusDb;
  static CloudController clc;
  static IamDirectory iam;
  static DatabaseKeyResolver keys;
  static DatabasePolicySource policies;
  static Walrus w;
  static HttpServer server;
  static String clcUrl;
  static String clcUser;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> clcConf = new HashMap<>(Map.of("CLC_DATA_DIR", tmp.resolve("clc").toString()));
    if (TestPostgres.requested()) {
      clcPg = TestPostgres.create("s3policies_clc");
      clcConf.putAll(clcPg.settings("CLC"));
      clcUrl = clcPg.jdbcUrl();
      clcUser = TestPostgres.USER;
    } else {
      clcUrl = DatabaseSettings.embedded(tmp.resolve("clc")).jdbcUrl();
      clcUser = "sa";
    }
    clc = new CloudController(EucaConf.of(clcConf)).start();
    iam = new IamDirectory(clc.identity(), clc.ca());
    keys = new DatabaseKeyResolver(clcUrl, clcUser, "");
    policies = new DatabasePolicySource(clcUrl, clcUser, "");
    walrusDb = TestDb.create();
    Map<String, String> conf = new HashMap<>(walrusDb.settings());
    conf.put("WALRUS_STORAGE_DIR", tmp.resolve("walrus").toString());
    w = new Walrus(EucaConf.of(conf), keys, policies);
    server = new HttpServer("walrus-policies", new InetSocketAddress("127.0.0.1", 0), w.routes()).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    w.close();
    policies.close();
    keys.close();
    clc.close();
    walrusDb.close();
    if (clcPg != null) {
      clcPg.close();
    }
  }

  /** A new account; its admin's key. */
  static AccessKeyOwner account(String name) throws Exception {
    clc.identity().createAccount(name);
    return clc.identity().createAccessKey(name, "admin");
  }

  /** A new user (no policy) in the account of {@code admin}; its key. */
  static AccessKeyOwner user(AccessKeyOwner admin, String name) throws Exception {
    iam.createUser(admin.accountNumber(), name, "/");
    return clc.identity().createAccessKey(admin.accountName(), name);
  }

  /** Stores a policy as the IAM API would: owner kind USER, GROUP or ACCOUNT. */
  static void policy(String kind, String ownerId, String document) throws Exception {
    try (Connection c = DriverManager.getConnection(clcUrl, clcUser, "");
         PreparedStatement st = c.prepareStatement("insert into iam_policies (policy_id, owner_kind, owner_id, name,"
             + " document, created) values (?, ?, ?, ?, ?, current_timestamp)")) {
      String id = UUID.randomUUID().toString().replace("-", "");
      st.setString(1, id);
      st.setString(2, kind);
      st.setString(3, ownerId);
      st.setString(4, "p" + id.substring(0, 8));
      st.setString(5, document);
      st.executeUpdate();
    }
  }

  static String allow(String actions, String resources) {
    return statement("Allow", actions, resources);
  }

  static String statement(String effect, String actions, String resources) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":" + actions
        + ",\"Resource\":" + resources + "}]}";
  }

  static String limit(String action, String key, long n) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Limit\",\"Action\":\"" + action
        + "\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThanEquals\":{\"" + key + "\":\"" + n + "\"}}}]}";
  }

  static S3Client s3(AccessKeyOwner who) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + "/services/Walrus"))
        .forcePathStyle(true).region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(who.accessKeyId(),
            who.secretKey())))
        .httpClient(Apache5HttpClient.create()).build();
  }

  static String code(Throwable t) {
    return ((S3Exception) t).awsErrorDetails().errorCode();
  }

  static int status(Throwable t) {
    return ((S3Exception) t).statusCode();
  }

  static void denied(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(S3Exception.class).satisfies(e -> {
      assertThat(code(e)).isEqualTo("AccessDenied");
      assertThat(status(e)).isEqualTo(403);
    });
  }

  @Test
  void aUserWithNoPolicyMayDoNothing() throws Exception {
    AccessKeyOwner admin = account("nopolicy");
    AccessKeyOwner nobody = user(admin, "nobody");
    try (S3Client a = s3(admin); S3Client u = s3(nobody)) {
      a.createBucket(b -> b.bucket("nopolicy-bucket"));
      a.putObject(r -> r.bucket("nopolicy-bucket").key("k"), RequestBody.fromString("admin's"));
      denied(u::listBuckets);
      denied(() -> u.createBucket(b -> b.bucket("nobodys-bucket")));
      denied(() -> u.getObjectAsBytes(r -> r.bucket("nopolicy-bucket").key("k")));
      denied(() -> u.putObject(r -> r.bucket("nopolicy-bucket").key("x"), RequestBody.fromString("x")));
      denied(() -> u.listObjectsV2(r -> r.bucket("nopolicy-bucket")));
      denied(() -> u.deleteObject(r -> r.bucket("nopolicy-bucket").key("k")));
      denied(() -> u.getBucketAcl(r -> r.bucket("nopolicy-bucket")));
      // Even where the bucket is not there: the policies are asked first, as AWS does.
      denied(() -> u.getObjectAsBytes(r -> r.bucket("no-such-bucket").key("k")));
      // The account's admin is not bound by policies.
      assertThat(a.getObjectAsBytes(r -> r.bucket("nopolicy-bucket").key("k")).asUtf8String()).isEqualTo("admin's");
    }
  }

  @Test
  void aPolicyOnABucketPrefixAllowsThereAndNowhereElse() throws Exception {
    AccessKeyOwner admin = account("prefixes");
    AccessKeyOwner dev = user(admin, "dev");
    policy("USER", dev.userId(), allow("[\"s3:GetObject\",\"s3:PutObject\"]", "\"arn:aws:s3:::prefix-bucket/dev/*\""));
    try (S3Client a = s3(admin); S3Client u = s3(dev)) {
      a.createBucket(b -> b.bucket("prefix-bucket"));
      a.putObject(r -> r.bucket("prefix-bucket").key("ops/plan"), RequestBody.fromString("ops"));
      u.putObject(r -> r.bucket("prefix-bucket").key("dev/notes"), RequestBody.fromString("mine"));
      assertThat(u.getObjectAsBytes(r -> r.bucket("prefix-bucket").key("dev/notes")).asUtf8String()).isEqualTo("mine");
      denied(() -> u.putObject(r -> r.bucket("prefix-bucket").key("ops/x"), RequestBody.fromString("x")));
      denied(() -> u.getObjectAsBytes(r -> r.bucket("prefix-bucket").key("ops/plan")));
      denied(() -> u.deleteObject(r -> r.bucket("prefix-bucket").key("dev/notes")));
      denied(() -> u.listObjectsV2(r -> r.bucket("prefix-bucket")));
      // A copy writes its target and reads its source: both must be allowed.
      denied(() -> u.copyObject(r -> r.sourceBucket("prefix-bucket").sourceKey("ops/plan")
          .destinationBucket("prefix-bucket").destinationKey("dev/stolen")));
      u.copyObject(r -> r.sourceBucket("prefix-bucket").sourceKey("dev/notes")
          .destinationBucket("prefix-bucket").destinationKey("dev/copy"));
      // A multipart upload is s3:PutObject from start to end.
      String upload = u.createMultipartUpload(r -> r.bucket("prefix-bucket").key("dev/big")).uploadId();
      String etag = u.uploadPart(r -> r.bucket("prefix-bucket").key("dev/big").uploadId(upload).partNumber(1),
          RequestBody.fromString("part")).eTag();
      u.completeMultipartUpload(r -> r.bucket("prefix-bucket").key("dev/big").uploadId(upload)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
      denied(() -> u.createMultipartUpload(r -> r.bucket("prefix-bucket").key("ops/big")));
    }
  }

  @Test
  void listBucketConditionsTestThePrefixTheClientAsksFor() throws Exception {
    AccessKeyOwner admin = account("listprefix");
    AccessKeyOwner reader = user(admin, "reader");
    policy("USER", reader.userId(), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::listprefix-bucket\","
        + "\"Condition\":{\"StringLike\":{\"s3:prefix\":\"home/reader/*\"}}}]}");
    try (S3Client a = s3(admin); S3Client u = s3(reader)) {
      a.createBucket(b -> b.bucket("listprefix-bucket"));
      a.putObject(r -> r.bucket("listprefix-bucket").key("home/reader/a"), RequestBody.fromString("a"));
      a.putObject(r -> r.bucket("listprefix-bucket").key("home/other/b"), RequestBody.fromString("b"));
      assertThat(u.listObjectsV2(r -> r.bucket("listprefix-bucket").prefix("home/reader/")).contents())
          .extracting(o -> o.key()).containsExactly("home/reader/a");
      denied(() -> u.listObjectsV2(r -> r.bucket("listprefix-bucket").prefix("home/other/")));
      denied(() -> u.listObjectsV2(r -> r.bucket("listprefix-bucket")));
    }
  }

  @Test
  void aDenyBeatsAnAllow() throws Exception {
    AccessKeyOwner admin = account("denials");
    AccessKeyOwner ops = user(admin, "ops");
    policy("USER", ops.userId(), allow("\"s3:*\"", "\"*\""));
    policy("USER", ops.userId(), statement("Deny", "\"s3:DeleteObject\"", "\"arn:aws:s3:::deny-bucket/keep/*\""));
    try (S3Client a = s3(admin); S3Client u = s3(ops)) {
      a.createBucket(b -> b.bucket("deny-bucket"));
      u.putObject(r -> r.bucket("deny-bucket").key("keep/this"), RequestBody.fromString("kept"));
      u.putObject(r -> r.bucket("deny-bucket").key("scratch"), RequestBody.fromString("gone"));
      denied(() -> u.deleteObject(r -> r.bucket("deny-bucket").key("keep/this")));
      u.deleteObject(r -> r.bucket("deny-bucket").key("scratch"));
      // A multi-object delete deletes what it may and reports the rest.
      var result = u.deleteObjects(r -> r.bucket("deny-bucket").delete(d -> d.objects(
          ObjectIdentifier.builder().key("keep/this").build(), ObjectIdentifier.builder().key("scratch2").build())));
      assertThat(result.errors()).singleElement().satisfies(e -> {
        assertThat(e.key()).isEqualTo("keep/this");
        assertThat(e.code()).isEqualTo("AccessDenied");
      });
      assertThat(result.deleted()).extracting(d -> d.key()).containsExactly("scratch2");
      assertThat(u.getObjectAsBytes(r -> r.bucket("deny-bucket").key("keep/this")).asUtf8String()).isEqualTo("kept");
    }
  }

  @Test
  void anotherAccountsUserNeedsTheAclGrantAndItsOwnAllow() throws Exception {
    AccessKeyOwner owner = account("sharer");
    AccessKeyOwner otherAdmin = account("borrower");
    AccessKeyOwner reader = user(otherAdmin, "reader");
    try (S3Client o = s3(owner); S3Client oa = s3(otherAdmin); S3Client r = s3(reader)) {
      o.createBucket(b -> b.bucket("shared-bucket"));
      o.putObject(p -> p.bucket("shared-bucket").key("doc"), RequestBody.fromString("shared"));
      // No ACL grant yet: even the other account's admin is refused.
      denied(() -> oa.getObjectAsBytes(g -> g.bucket("shared-bucket").key("doc")));
      o.putObjectAcl(p -> p.bucket("shared-bucket").key("doc").grantRead("id=\"" + otherAdmin.accountNumber() + "\""));
      assertThat(oa.getObjectAsBytes(g -> g.bucket("shared-bucket").key("doc")).asUtf8String()).isEqualTo("shared");
      // The grant is to the account; its user needs its own allow too.
      denied(() -> r.getObjectAsBytes(g -> g.bucket("shared-bucket").key("doc")));
      policy("USER", reader.userId(), allow("\"s3:GetObject\"", "\"arn:aws:s3:::shared-bucket/*\""));
      // A policy counts from the next request on.
      assertThat(r.getObjectAsBytes(g -> g.bucket("shared-bucket").key("doc")).asUtf8String()).isEqualTo("shared");
      // An allow does not stand in for the ACL: the object the grant does not cover stays refused.
      o.putObject(p -> p.bucket("shared-bucket").key("private"), RequestBody.fromString("no"));
      denied(() -> r.getObjectAsBytes(g -> g.bucket("shared-bucket").key("private")));
    }
  }

  @Test
  void groupPoliciesApplyToTheirMembers() throws Exception {
    AccessKeyOwner admin = account("grouped");
    AccessKeyOwner member = user(admin, "member");
    String groupId = "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    try (Connection c = DriverManager.getConnection(clcUrl, clcUser, "")) {
      try (PreparedStatement g = c.prepareStatement("insert into iam_groups (group_id, account_number, name, path,"
          + " created) values (?, ?, 'readers', '/', current_timestamp)")) {
        g.setString(1, groupId);
        g.setString(2, admin.accountNumber());
        g.executeUpdate();
      }
      try (PreparedStatement m = c.prepareStatement("insert into iam_group_members (group_id, user_id) values (?, ?)")) {
        m.setString(1, groupId);
        m.setString(2, member.userId());
        m.executeUpdate();
      }
    }
    policy("GROUP", groupId, allow("[\"s3:ListAllMyBuckets\",\"s3:ListBucket\"]", "\"*\""));
    try (S3Client a = s3(admin); S3Client u = s3(member)) {
      a.createBucket(b -> b.bucket("grouped-bucket"));
      assertThat(u.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("grouped-bucket");
      assertThat(u.listObjectsV2(r -> r.bucket("grouped-bucket")).contents()).isEmpty();
      denied(() -> u.putObject(r -> r.bucket("grouped-bucket").key("x"), RequestBody.fromString("x")));
    }
  }

  @Test
  void aUserQuotaOfOneBucket() throws Exception {
    AccessKeyOwner admin = account("userquota");
    AccessKeyOwner one = user(admin, "one");
    policy("USER", one.userId(), allow("\"s3:*\"", "\"*\""));
    policy("USER", one.userId(), limit("s3:CreateBucket", "s3:quota-bucketnumber", 1));
    try (S3Client a = s3(admin); S3Client u = s3(one)) {
      u.createBucket(b -> b.bucket("ones-first"));
      assertThatThrownBy(() -> u.createBucket(b -> b.bucket("ones-second"))).satisfies(e -> {
        assertThat(code(e)).isEqualTo("TooManyBuckets");
        assertThat(status(e)).isEqualTo(400);
        assertThat(e.getMessage()).contains("s3:quota-bucketnumber").contains("is 1");
      });
      // Creating it again is still "yours", not a quota.
      assertThatThrownBy(() -> u.createBucket(b -> b.bucket("ones-first")))
          .satisfies(e -> assertThat(code(e)).isEqualTo("BucketAlreadyOwnedByYou"));
      // The user's quota counts its own buckets: the account's admin has no such limit.
      a.createBucket(b -> b.bucket("admins-own"));
      u.deleteBucket(b -> b.bucket("ones-first"));
      u.createBucket(b -> b.bucket("ones-second"));
    }
  }

  @Test
  void anAccountQuotaOfBucketsHoldsUnderParallelRequests() throws Exception {
    AccessKeyOwner admin = account("acctquota");
    policy("ACCOUNT", admin.accountNumber(), limit("s3:CreateBucket", "s3:quota-bucketnumber", 3));
    List<Callable<String>> creates = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "acct-quota-" + i;
      creates.add(() -> {
        try (S3Client a = s3(admin)) {
          a.createBucket(b -> b.bucket(name));
          return "created";
        } catch (S3Exception e) {
          return code(e);
        }
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<String> outcomes = new ArrayList<>();
    try {
      for (Future<String> f : pool.invokeAll(creates)) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(outcomes).filteredOn("created"::equals).hasSize(3);
    assertThat(outcomes).filteredOn("TooManyBuckets"::equals).hasSize(5);
    try (S3Client a = s3(admin)) {
      assertThat(a.listBuckets().buckets()).hasSize(3);
    }
  }

  @Test
  void anObjectNumberQuotaPerBucketHoldsUnderParallelPuts() throws Exception {
    AccessKeyOwner admin = account("objquota");
    policy("ACCOUNT", admin.accountNumber(), limit("s3:PutObject", "s3:quota-bucketobjectnumber", 3));
    try (S3Client a = s3(admin)) {
      a.createBucket(b -> b.bucket("objects-quota"));
      a.putObject(r -> r.bucket("objects-quota").key("first"), RequestBody.fromString("1"));
    }
    List<Callable<String>> puts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String key = "k" + i;
      puts.add(() -> {
        try (S3Client a = s3(admin)) {
          a.putObject(r -> r.bucket("objects-quota").key(key), RequestBody.fromString(key));
          return "stored";
        } catch (S3Exception e) {
          return code(e);
        }
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<String> outcomes = new ArrayList<>();
    try {
      for (Future<String> f : pool.invokeAll(puts)) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(outcomes).filteredOn("stored"::equals).hasSize(2);
    assertThat(outcomes).filteredOn("QuotaExceeded"::equals).hasSize(4);
    try (S3Client a = s3(admin)) {
      assertThat(a.listObjectsV2(r -> r.bucket("objects-quota")).contents()).hasSize(3);
      // Replacing an object adds none: allowed at the limit.
      a.putObject(r -> r.bucket("objects-quota").key("first"), RequestBody.fromString("one"));
      assertThatThrownBy(() -> a.copyObject(r -> r.sourceBucket("objects-quota").sourceKey("first")
          .destinationBucket("objects-quota").destinationKey("copy"))).satisfies(e -> {
            assertThat(code(e)).isEqualTo("QuotaExceeded");
            assertThat(status(e)).isEqualTo(403);
            assertThat(e.getMessage()).contains("s3:quota-bucketobjectnumber").contains("at most 3");
          });
    }
  }

  @Test
  void aTotalSizeQuotaInMegabytes() throws Exception {
    AccessKeyOwner admin = account("sizequota");
    AccessKeyOwner writer = user(admin, "writer");
    policy("USER", writer.userId(), allow("\"s3:*\"", "\"*\""));
    policy("USER", writer.userId(), limit("s3:PutObject", "s3:quota-buckettotalsize", 1));
    byte[] sixHundredK = new byte[600 * 1024];
    try (S3Client u = s3(writer)) {
      u.createBucket(b -> b.bucket("size-quota"));
      u.putObject(r -> r.bucket("size-quota").key("a"), RequestBody.fromBytes(sixHundredK));
      assertThatThrownBy(() -> u.putObject(r -> r.bucket("size-quota").key("b"), RequestBody.fromBytes(sixHundredK)))
          .satisfies(e -> {
            assertThat(code(e)).isEqualTo("EntityTooLarge");
            assertThat(e.getMessage()).contains("s3:quota-buckettotalsize").contains("1 MB");
          });
      // Within the megabyte, still fine; the refused object was not kept.
      u.putObject(r -> r.bucket("size-quota").key("c"), RequestBody.fromBytes(new byte[400 * 1024]));
      assertThat(u.listObjectsV2(r -> r.bucket("size-quota")).contents()).extracting(o -> o.key())
          .containsExactly("a", "c");
    }
  }
}
