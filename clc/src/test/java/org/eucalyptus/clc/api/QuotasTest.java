package org.eucalyptus.clc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.common.auth.AccessKeyOwner;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * Quotas (Eucalyptus's Limit statements) on addresses, images and IAM users, through the AWS SDK's
 * EC2 and IAM clients, on H2 and PostgreSQL: a user's own quota, an account's quota counted over all
 * its users and held under parallel requests, and the cloud administrator whom none limits. The
 * policies are written into iam_policies in setup (this branch has no Put*Policy actions). Instance
 * quotas need a cluster to launch on, and a tenant's images a bundle in Walrus: tools'
 * QuotasEndToEndTest has both.
 */
@IntegrationTest
class QuotasTest {
  @TempDir static Path tmp;
  static ClcApiFixture f;

  @BeforeAll
  static void start() throws Exception {
    // A registered cluster that need not run: addresses are the CLC's business.
    f = new ClcApiFixture(tmp.resolve("clc"), Map.of("CLC_CLUSTERS", "zone1=127.0.0.1:9"));
    Ec2QueryApiTestSupport.post(f.server.port(), f.clc.admin(), Map.of("Action", "SetClusterAddresses",
        "Version", "2012-05-01", "ClusterName", "zone1", "PublicIp.1", "198.51.100.1-198.51.100.40"));
  }

  @AfterAll
  static void stop() {
    ClcApiFixture.closeAll(f);
  }

  /** A Limit statement as 3.1 wrote them: at most {@code n} of {@code key} for {@code action}. */
  static String limit(String action, String key, int n) {
    return "{\"Statement\":[{\"Effect\":\"Limit\",\"Action\":\"" + action + "\",\"Resource\":\"*\","
        + "\"Condition\":{\"NumericLessThanEquals\":{\"" + key + "\":\"" + n + "\"}}}]}";
  }

  /** What the user may do at all (policies are enforced once the merge brings enforcement). */
  static final String ALLOW_EC2 = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}";

  /** Stores a policy of a user (USER, user id) or an account (ACCOUNT, account number), as setup. */
  static void putPolicy(String ownerKind, String ownerId, String name, String document) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(f.database.jdbcUrl(), f.database.user(), f.database.password());
         var st = c.prepareStatement("insert into iam_policies (policy_id, owner_kind, owner_id, name, document,"
             + " created) values (?, ?, ?, ?, ?, current_timestamp)")) {
      st.setString(1, UUID.randomUUID().toString().replace("-", ""));
      st.setString(2, ownerKind);
      st.setString(3, ownerId);
      st.setString(4, name);
      st.setString(5, document);
      st.executeUpdate();
    }
  }

  static IamClient iam(AccessKeyOwner k) {
    return IamClient.builder().endpointOverride(URI.create(f.base() + "/services/Euare")).region(Region.AWS_GLOBAL)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(k.accessKeyId(), k.secretKey())))
        .httpClient(Apache5HttpClient.create()).build();
  }

  /** A new user of the account, with an access key. */
  static AccessKeyOwner newUser(AccessKeyOwner accountAdmin, String name) {
    try (IamClient iam = iam(accountAdmin)) {
      iam.createUser(r -> r.userName(name));
    }
    return f.clc.identity().createAccessKey(accountAdmin.accountName(), name);
  }

  static Ec2Exception ec2Error(Throwable t) {
    return (Ec2Exception) t;
  }

  @Test
  void aUserQuotaOfOneAddressCountsThatUsersAddressesOnly() throws Exception {
    AccessKeyOwner admin = f.newAccount("addr-user-quota");
    AccessKeyOwner dave = newUser(admin, "dave");
    putPolicy("USER", dave.userId(), "may", ALLOW_EC2);
    putPolicy("USER", dave.userId(), "quota", limit("ec2:AllocateAddress", "ec2:quota-addressnumber", 1));
    try (Ec2Client asDave = f.ec2(dave); Ec2Client asAdmin = f.ec2(admin)) {
      // What clients ask before they allocate says so too.
      assertThat(asDave.describeAccountAttributes(r -> r.attributeNamesWithStrings("max-elastic-ips"))
          .accountAttributes().get(0).attributeValues().get(0).attributeValue()).isEqualTo("1");
      String first = asDave.allocateAddress().publicIp();
      assertThatThrownBy(asDave::allocateAddress).satisfies(e -> {
        assertThat(ec2Error(e).awsErrorDetails().errorCode()).isEqualTo("AddressLimitExceeded");
        assertThat(ec2Error(e).statusCode()).isEqualTo(400);
        assertThat(ec2Error(e).awsErrorDetails().errorMessage())
            .contains("your quota of 1 addresses (ec2:quota-addressnumber)").contains("you have 1");
      });
      // The account's admin is not held to dave's quota, and its addresses are not dave's.
      asAdmin.allocateAddress();
      asAdmin.allocateAddress();
      asDave.releaseAddress(r -> r.publicIp(first));
      String again = asDave.allocateAddress().publicIp();
      assertThat(asDave.describeAddresses().addresses()).extracting(a -> a.publicIp()).contains(again);
      assertThat(asDave.describeAddresses().addresses()).hasSize(3);
    }
  }

  @Test
  void anAccountQuotaHoldsUnderParallelRequests() throws Exception {
    AccessKeyOwner admin = f.newAccount("addr-account-quota");
    AccessKeyOwner erin = newUser(admin, "erin");
    putPolicy("USER", erin.userId(), "may", ALLOW_EC2);
    putPolicy("ACCOUNT", admin.accountNumber(), "quota", limit("ec2:AllocateAddress", "ec2:quota-addressnumber", 2));
    List<Ec2Client> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Ec2Client c = f.ec2(i % 2 == 0 ? admin : erin); // the account's users together
        clients.add(c);
        answers.add(pool.submit((Callable<String>) () -> {
          try {
            return c.allocateAddress().publicIp();
          } catch (Ec2Exception e) {
            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
          }
        }));
      }
      List<String> got = new ArrayList<>();
      for (Future<String> a : answers) {
        got.add(a.get());
      }
      assertThat(got).filteredOn(s -> s.startsWith("198.51.100.")).hasSize(2);
      assertThat(got).filteredOn(s -> s.startsWith("AddressLimitExceeded: ")).hasSize(4)
          .allSatisfy(s -> assertThat(s).contains("your quota of 2 addresses (ec2:quota-addressnumber), set for your"
              + " account: it has 2"));
      try (Ec2Client asAdmin = f.ec2(admin)) {
        assertThat(asAdmin.describeAddresses().addresses()).hasSize(2);
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(Ec2Client::close);
    }
  }

  @Test
  void theCloudAdministratorHasNoQuota() throws Exception {
    // The cloud administrator registers from files; no quota binds it, even its account's own.
    AccessKeyOwner cloudAdmin = f.clc.admin();
    putPolicy("ACCOUNT", cloudAdmin.accountNumber(), "no-images", limit("ec2:*", "ec2:quota-imagenumber", 0));
    Path file = Files.write(tmp.resolve("quota.img"), new byte[64]);
    try (Ec2Client asCloudAdmin = f.ec2(cloudAdmin)) {
      assertThat(asCloudAdmin.registerImage(r -> r.imageLocation(file.toUri().toString()).name("q1")).imageId())
          .startsWith("emi-");
    }
  }

  @Test
  void anAccountQuotaOfUsersCountsItsAdmin() throws Exception {
    AccessKeyOwner admin = f.newAccount("user-quota");
    putPolicy("ACCOUNT", admin.accountNumber(), "quota", limit("iam:CreateUser", "iam:quota-usernumber", 3));
    try (IamClient iam = iam(admin)) {
      iam.createUser(r -> r.userName("u1"));
      iam.createUser(r -> r.userName("u2"));
      assertThatThrownBy(() -> iam.createUser(r -> r.userName("u3"))).satisfies(e -> {
        IamException ie = (IamException) e;
        assertThat(ie.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded");
        assertThat(ie.statusCode()).isEqualTo(409);
        assertThat(ie.awsErrorDetails().errorMessage()).contains("your quota of 3 users (iam:quota-usernumber)");
      });
      iam.deleteUser(r -> r.userName("u2"));
      iam.createUser(r -> r.userName("u3"));
    }
  }
}
