package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.clc.persistence.DatabaseSettings;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.credentials.EucarcFile;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.testfixtures.TestPostgres;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.eucalyptus.tools.bundle.ImageTools;
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
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * Instance and image quotas (Eucalyptus's Limit statements in account policies) on a real chain: a
 * node on the libvirt test driver, a cluster controller, the cloud controller with Walrus, driven
 * with the AWS SDK's EC2 client; on PostgreSQL too when the build asks (euca.test.db=postgresql).
 * An account's quota of 2 instances refuses the third, launches only what fits of MinCount..MaxCount,
 * and holds under six parallel launches; an image quota refuses the image beyond it. Account
 * policies are written into iam_policies in setup (this branch has no PutAccountPolicy).
 */
@IntegrationTest
class QuotasEndToEndTest {
  @TempDir static Path tmp;
  static NodeController nc;
  static ClusterController cc;
  static CloudMain cloud;
  static TestPostgres postgres;
  static String emi;

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
    postgres = TestPostgres.requested() ? TestPostgres.create("euca_quotas") : null;
    cloud = new CloudMain(EucaConf.of(Map.of(
        "CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1", "CLC_DATA_DIR", tmp.resolve("clc").toString(),
        "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port()))
        .with(postgres == null ? Map.of() : postgres.settings("CLC")));
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    emi = cloud.clc().images().register(cloud.clc().admin().accountNumber(), "tiny", null,
        image.toUri().toString(), "machine", "x86_64", null, null, true).imageId();
    try (Ec2Client admin = ec2(cloud.clc().admin())) {
      EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(20), () -> admin.describeAvailabilityZones()
          .availabilityZones().stream().anyMatch(z -> z.stateAsString().equals("available")));
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {cloud, cc, nc, postgres}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  static Ec2Client ec2(AccessKeyOwner k) {
    return ec2(k.accessKeyId(), k.secretKey());
  }

  static Ec2Client ec2(String accessKey, String secret) {
    return Ec2Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .region(Region.of("eucalyptus"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClient(Apache5HttpClient.create())
        .build();
  }

  /** A Limit statement as 3.1 wrote them: at most {@code n} of {@code key} for {@code action}. */
  static String limit(String action, String key, int n) {
    return "{\"Statement\":[{\"Effect\":\"Limit\",\"Action\":\"" + action + "\",\"Resource\":\"*\","
        + "\"Condition\":{\"NumericLessThanEquals\":{\"" + key + "\":\"" + n + "\"}}}]}";
  }

  /** Stores a policy of a user (USER, user id) or an account (ACCOUNT, account number), as setup. */
  static void putPolicy(String ownerKind, String ownerId, String name, String document) throws Exception {
    DatabaseSettings db = cloud.clc().settings().database();
    try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
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

  /** A new account with an instance quota of {@code n}, and a key of its admin. */
  static AccessKeyOwner accountWithInstanceQuota(String name, int n) throws Exception {
    cloud.clc().identity().createAccount(name);
    AccessKeyOwner admin = cloud.clc().identity().createAccessKey(name, "admin");
    putPolicy("ACCOUNT", admin.accountNumber(), "instances",
        limit("ec2:RunInstances", "ec2:quota-vminstancenumber", n));
    return admin;
  }

  static String code(Throwable t) {
    return ((Ec2Exception) t).awsErrorDetails().errorCode();
  }

  static List<String> ids(RunInstancesResponse r) {
    return r.instances().stream().map(i -> i.instanceId()).toList();
  }

  @Test
  void anAccountQuotaOfTwoInstancesRefusesTheThird() throws Exception {
    AccessKeyOwner admin = accountWithInstanceQuota("quota-serial", 2);
    try (Ec2Client ec2 = ec2(admin)) {
      String first = ids(ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1))).get(0);
      // As EC2 does at its limits: of MinCount..MaxCount, as many as fit.
      assertThat(ids(ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(3)))).hasSize(1);
      assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1))).satisfies(e -> {
        assertThat(code(e)).isEqualTo("InstanceLimitExceeded");
        assertThat(((Ec2Exception) e).statusCode()).isEqualTo(400);
        assertThat(((Ec2Exception) e).awsErrorDetails().errorMessage())
            .contains("your quota of 2 instances (ec2:quota-vminstancenumber)").contains("it has 2");
      });
      // A terminated instance no longer counts; one shutting down still does.
      ec2.terminateInstances(r -> r.instanceIds(first));
      EndToEndTest.awaitTrue(first + " terminated", Duration.ofSeconds(30), () -> ec2.describeInstances(
          r -> r.instanceIds(first)).reservations().get(0).instances().get(0).state().name()
          == InstanceStateName.TERMINATED);
      // Room for one: a MinCount of 2 is refused whole, and leaves no instance behind.
      assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(emi).minCount(2).maxCount(2)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InstanceLimitExceeded"));
      assertThat(ids(ec2.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1)))).hasSize(1);
      long live = ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
          .filter(i -> i.state().name() != InstanceStateName.TERMINATED).count();
      assertThat(live).isEqualTo(2);
    }
  }

  @Test
  void sixParallelLaunchesUnderAQuotaOfTwoStartExactlyTwo() throws Exception {
    AccessKeyOwner admin = accountWithInstanceQuota("quota-parallel", 2);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Ec2Client> clients = new ArrayList<>();
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Ec2Client c = ec2(admin);
        clients.add(c);
        answers.add(pool.submit((Callable<String>) () -> {
          try {
            return ids(c.runInstances(r -> r.imageId(emi).minCount(1).maxCount(1))).get(0);
          } catch (Ec2Exception e) {
            return e.awsErrorDetails().errorCode();
          }
        }));
      }
      List<String> got = new ArrayList<>();
      for (Future<String> a : answers) {
        got.add(a.get());
      }
      assertThat(got).filteredOn(s -> s.startsWith("i-")).hasSize(2);
      assertThat(got).filteredOn(s -> s.equals("InstanceLimitExceeded")).hasSize(4);
      try (Ec2Client ec2 = ec2(admin)) {
        assertThat(ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).count())
            .isEqualTo(2);
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(Ec2Client::close);
    }
  }

  @Test
  void anImageQuotaRefusesTheImageBeyondIt() throws Exception {
    String adminRc = cloud.clc().dataDir().resolve("eucarc").toString();
    Path rc = credentials(adminRc, "quota-images");
    Map<String, String> tenant = EucarcFile.read(rc);
    Path image = Files.write(tmp.resolve("mine.img"), new byte[8192]);
    Path out = tmp.resolve("bundle-mine");
    assertThat(tool("euca-bundle-image", "-i", image.toString(), "-d", out.toString(), "--config", rc.toString()))
        .isZero();
    assertThat(tool("euca-upload-bundle", "-b", "quota-images", "-m",
        out.resolve("mine.img.manifest.xml").toString(), "--config", rc.toString())).isZero();
    String location = "quota-images/mine.img.manifest.xml";
    try (Ec2Client ec2 = ec2(tenant.get("EC2_ACCESS_KEY"), tenant.get("EC2_SECRET_KEY"))) {
      String account = cloud.clc().identity().findAccount("quota-images").orElseThrow().accountNumber();
      putPolicy("ACCOUNT", account, "images", limit("ec2:RegisterImage", "ec2:quota-imagenumber", 1));
      String first = ec2.registerImage(r -> r.imageLocation(location).name("first")).imageId();
      assertThatThrownBy(() -> ec2.registerImage(r -> r.imageLocation(location).name("second"))).satisfies(e -> {
        assertThat(code(e)).isEqualTo("ResourceLimitExceeded");
        assertThat(((Ec2Exception) e).awsErrorDetails().errorMessage())
            .contains("your quota of 1 images (ec2:quota-imagenumber)");
      });
      // A deregistered image no longer counts.
      ec2.deregisterImage(r -> r.imageId(first));
      assertThat(ec2.registerImage(r -> r.imageLocation(location).name("third")).imageId()).startsWith("emi-");
    }
  }

  /** A new account, and its admin's credentials zip unpacked: the eucarc's path. */
  static Path credentials(String adminRc, String account) throws Exception {
    assertThat(EucaAdmin.run("create-account", "--eucarc", adminRc, account)).isZero();
    Path zip = tmp.resolve(account + ".zip");
    assertThat(EucaAdmin.run("get-credentials", "--eucarc", adminRc, "--cred-account", account, zip.toString()))
        .isZero();
    Path dir = Files.createDirectories(tmp.resolve(account + "-creds"));
    try (var z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        Files.write(dir.resolve(e.getName()), z.readAllBytes());
      }
    }
    return dir.resolve("eucarc");
  }

  /** Runs one of the image tools, with its output kept out of the test's log. */
  static int tool(String command, String... args) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
    try {
      return ImageTools.run(command, args);
    } finally {
      System.setOut(oldOut);
    }
  }
}
