package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eucalyptus.common.http.ClientTrust;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The web console over HTTPS, driven as a browser drives it (forms, cookies, redirects) against a
 * whole cloud on loopback: a node controller on libvirt's test driver, a cluster controller, and the
 * cloud controller with Walrus. What it does is checked through the AWS SDK as well.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {
  @TempDir static Path tmp;
  static LoopbackCloud box;
  static CloudMain cloud;
  static Ec2Client ec2;
  static IamClient iam;
  static String emi;
  static String adminPassword;

  @BeforeAll
  static void startTheCloud() throws Exception {
    Libvirt.requireOrSkip();
    box = new LoopbackCloud(tmp);
    cloud = box.cloud;
    ec2 = box.ec2;
    iam = box.iam;
    emi = box.emi;
    adminPassword = box.adminPassword;
  }

  @AfterAll
  static void stop() {
    if (box != null) {
      box.close();
    }
  }

  static ConsoleBrowser browser() throws Exception {
    return new ConsoleBrowser("127.0.0.1", cloud.httpsPort(), cloud.clc().ca().certificate());
  }

  static ConsoleBrowser admin() throws Exception {
    ConsoleBrowser b = browser();
    ConsoleBrowser.Page p = b.signIn("eucalyptus", "admin", adminPassword);
    assertThat(p.status()).as(p.body()).isEqualTo(303);
    return b;
  }

  @Test
  @Order(1)
  void theConsoleIsHttpsOnlyAndAsksToSignIn() throws Exception {
    var plain = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()
        .send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + "/console/instances"))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(plain.statusCode()).isEqualTo(303);
    assertThat(plain.headers().firstValue("Location")).hasValue(
        "https://127.0.0.1:" + cloud.httpsPort() + "/console/instances");

    ConsoleBrowser b = browser();
    ConsoleBrowser.Page p = b.get("/console/instances");
    assertThat(p.status()).isEqualTo(303);
    assertThat(p.location()).isEqualTo("/console/signin");
    ConsoleBrowser.Page form = b.get("/console/signin");
    assertThat(form.body()).contains("Account name or number", "name=\"password\"");
    assertThat(form.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'");
    assertThat(form.header("Cache-Control")).isEqualTo("no-store");
    assertThat(form.header("X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  @Order(2)
  void theAdministratorSignsInWithTheFirstPasswordInASecureSessionCookie() throws Exception {
    assertThat(Files.getPosixFilePermissions(cloud.clc().dataDir().resolve("console-admin-password")))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    ConsoleBrowser b = browser();
    ConsoleBrowser.Page p = b.signIn("eucalyptus", "admin", adminPassword);
    assertThat(p.status()).isEqualTo(303);
    assertThat(p.location()).isEqualTo("/console/");
    String cookie = p.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-euca-console="))
        .findFirst().orElseThrow();
    assertThat(cookie.toLowerCase(java.util.Locale.ROOT)).contains("; secure", "; httponly", "; samesite=strict",
        "; path=/").doesNotContain("max-age", "domain");
    ConsoleBrowser.Page dash = b.get("/console/");
    assertThat(dash.status()).isEqualTo(200);
    assertThat(dash.body()).contains("admin @ eucalyptus", "Dashboard", "Images you can launch");

    // By the account's number too.
    String number = cloud.clc().admin().caller().accountNumber();
    assertThat(browser().signIn(number, "admin", adminPassword).status()).isEqualTo(303);
  }

  @Test
  @Order(3)
  void anInstanceIsLaunchedSeenRunningReadAndTerminatedWithItsTagsEscaped() throws Exception {
    ConsoleBrowser b = admin();
    EndToEndTest.awaitTrue("cluster01 available", Duration.ofSeconds(30), () -> ec2
        .describeAvailabilityZones().availabilityZones().stream().anyMatch(z -> z.stateAsString().equals("available")));
    ConsoleBrowser.Page page = b.get("/console/instances");
    assertThat(page.body()).contains(emi);
    ConsoleBrowser.Page launched = b.submit("/console/instances", "/console/instances/launch",
        Map.of("image", emi, "type", "m1.small", "group", "default", "userData", "hello"));
    assertThat(launched.status()).isEqualTo(303);
    ConsoleBrowser.Page after = b.get(launched.location());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Launched (i-[0-9a-f]{8})").matcher(after.body());
    assertThat(m.find()).as(after.body()).isTrue();
    String id = m.group(1);
    ec2.createTags(r -> r.resources(id).tags(Tag.builder().key("Name").value("<script>alert(1)</script>").build()));
    EndToEndTest.awaitTrue(id + " running in the console", Duration.ofSeconds(60), () -> {
      try {
        return b.get("/console/instances?state=running").body().contains("id=\"" + id + "\"");
      } catch (Exception e) {
        return false;
      }
    });
    String list = b.get("/console/instances").body();
    assertThat(list).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
    assertThat(ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().nameAsString())
        .isEqualTo("running");

    ConsoleBrowser.Page output = b.get("/console/instances/output?id=" + id);
    assertThat(output.status()).isEqualTo(200);
    assertThat(output.body()).contains("Console output of " + id);

    ConsoleBrowser.Page gone = b.submit("/console/instances", "/console/instances/terminate", Map.of("id", id));
    assertThat(b.get(gone.location()).body()).contains("Terminating " + id);
    EndToEndTest.awaitTrue(id + " terminated", Duration.ofSeconds(60), () -> ec2
        .describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().nameAsString()
        .equals("terminated"));
  }

  @Test
  @Order(4)
  void aKeyPairIsCreatedAndDownloadedOnceImportedAndDeleted() throws Exception {
    ConsoleBrowser b = admin();
    ConsoleBrowser.Page pem = b.submit("/console/keypairs", "/console/keypairs/create", Map.of("name", "web-key"));
    assertThat(pem.status()).isEqualTo(200);
    assertThat(pem.header("Content-Disposition")).isEqualTo("attachment; filename=\"web-key.pem\"");
    assertThat(pem.body()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("web-key");
    assertThat(b.get("/console/keypairs").body()).contains("web-key").doesNotContain("BEGIN RSA PRIVATE KEY");

    String pub = openSshPublicKey();
    ConsoleBrowser.Page imported = b.submit("/console/keypairs", "/console/keypairs/import",
        Map.of("name", "imported-key", "publicKey", pub));
    assertThat(b.get(imported.location()).body()).contains("Imported key pair imported-key");
    ConsoleBrowser.Page deleted = b.submit("/console/keypairs", "/console/keypairs/delete", Map.of("name", "web-key"));
    assertThat(b.get(deleted.location()).body()).contains("Deleted key pair web-key");
    assertThat(ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("imported-key")
        .doesNotContain("web-key");

    // An API refusal is the next page's message, in the API's words.
    ConsoleBrowser.Page again = b.submit("/console/keypairs", "/console/keypairs/import",
        Map.of("name", "imported-key", "publicKey", pub));
    assertThat(b.get(again.location()).body()).contains("InvalidKeyPair.Duplicate");
  }

  /** A new RSA key's public half as OpenSSH writes it ({@code ssh-rsa <base64> comment}). */
  static String openSshPublicKey() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    var pub = (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream d = new java.io.DataOutputStream(b);
    for (byte[] part : new byte[][] {"ssh-rsa".getBytes(StandardCharsets.US_ASCII), pub.getPublicExponent().toByteArray(),
        pub.getModulus().toByteArray()}) {
      d.writeInt(part.length);
      d.write(part);
    }
    return "ssh-rsa " + java.util.Base64.getEncoder().encodeToString(b.toByteArray()) + " web@test";
  }

  @Test
  @Order(5)
  void aFormWithoutItsSessionsTokenOrFromAnotherSiteIsRefused() throws Exception {
    ConsoleBrowser b = admin();
    ConsoleBrowser.Page noToken = b.post("/console/keypairs/create", Map.of("name", "forged-1"));
    assertThat(noToken.status()).isEqualTo(403);
    ConsoleBrowser.Page wrongToken = b.post("/console/keypairs/create", Map.of("name", "forged-2", "csrf", "x"));
    assertThat(wrongToken.status()).isEqualTo(403);
    String csrf = b.get("/console/keypairs").csrf();
    ConsoleBrowser.Page elsewhere = b.post("/console/keypairs/create", Map.of("name", "forged-3", "csrf", csrf),
        "https://attacker.example");
    assertThat(elsewhere.status()).isEqualTo(403);
    // Another session's token is not this one's.
    String othersToken = admin().get("/console/keypairs").csrf();
    assertThat(b.post("/console/keypairs/create", Map.of("name", "forged-4", "csrf", othersToken)).status())
        .isEqualTo(403);
    assertThat(ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName())
        .doesNotContain("forged-1", "forged-2", "forged-3", "forged-4");
  }

  @Test
  @Order(6)
  void theCredentialsZipWorksWithTheSdkOverHttps() throws Exception {
    ConsoleBrowser b = admin();
    ConsoleBrowser.Page zip = b.submit("/console/credentials", "/console/credentials/zip", Map.of());
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
    Map<String, String> files = LoopbackCloud.unzip(zip.raw().body());
    assertThat(files).containsKeys("eucarc", "iamrc", "cloud-cert.pem");
    assertThat(files.keySet()).anyMatch(n -> n.endsWith("-pk.pem")).anyMatch(n -> n.endsWith("-cert.pem"));
    Path rc = Files.writeString(tmp.resolve("eucarc"), files.get("eucarc"));
    Map<String, String> env = org.eucalyptus.common.credentials.EucarcFile.read(rc);
    assertThat(env.get("EC2_URL")).isEqualTo("https://127.0.0.1:" + cloud.httpsPort() + "/services/Eucalyptus");
    try (Ec2Client mine = box.ec2From(env)) {
      assertThat(mine.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).contains("imported-key");
    }
    // The page lists that key; a user holds two at most, as in AWS.
    String zipKey = env.get("EC2_ACCESS_KEY");
    assertThat(b.get("/console/credentials").body()).contains(zipKey);
    ConsoleBrowser.Page third = b.submit("/console/credentials", "/console/credentials/create", Map.of());
    assertThat(b.get(third.location()).body()).contains("LimitExceeded");
    // Deactivated, the key no longer works; deleted, it makes room for a new one, whose secret is shown once.
    b.get(b.submit("/console/credentials", "/console/credentials/deactivate", Map.of("id", zipKey)).location());
    assertThat(iam.listAccessKeys(r -> r.userName("admin")).accessKeyMetadata())
        .anyMatch(k -> k.accessKeyId().equals(zipKey) && k.statusAsString().equals("Inactive"));
    assertThat(b.get(b.submit("/console/credentials", "/console/credentials/delete", Map.of("id", zipKey)).location())
        .body()).contains("Deleted " + zipKey).doesNotContain("<code>" + zipKey);
    ConsoleBrowser.Page created = b.submit("/console/credentials", "/console/credentials/create", Map.of());
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body()).contains("id=\"new-secret\"");
    assertThat(b.get("/console/credentials").body()).doesNotContain("new-secret");
  }

  @Test
  @Order(7)
  void aUserDeniedAnActionByPolicyIsRefusedItInTheConsoleToo() throws Exception {
    iam.createUser(r -> r.userName("alice"));
    iam.createLoginProfile(r -> r.userName("alice").password("alice-secret-1"));
    iam.putUserPolicy(r -> r.userName("alice").policyName("look-only").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ec2:Describe*\","
            + "\"iam:ListAccessKeys\"],\"Resource\":\"*\"}]}"));
    ConsoleBrowser alice = browser();
    assertThat(alice.signIn("eucalyptus", "alice", "alice-secret-1").status()).isEqualTo(303);
    assertThat(alice.get("/console/keypairs").body()).contains("alice @ eucalyptus", "imported-key");
    ConsoleBrowser.Page refused = alice.submit("/console/keypairs", "/console/keypairs/create", Map.of("name", "alices"));
    assertThat(refused.status()).isEqualTo(303);
    assertThat(alice.get(refused.location()).body()).contains("UnauthorizedOperation");
    assertThat(ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).doesNotContain("alices");
  }

  @Test
  @Order(7)
  void anAdministratorMakesAUserWithAPasswordAndAPolicyThatTheUserIsHeldTo() throws Exception {
    ConsoleBrowser b = admin();
    ConsoleBrowser.Page made = b.submit("/console/users", "/console/users/create",
        Map.of("name", "bob", "password", "bob-password-1"));
    assertThat(b.get(made.location()).body()).contains("Created user bob, who may sign in");
    // A document that is not JSON: refused with IAM's words on where, and the text kept for mending.
    String broken = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\" \"Action\":\"ec2:*\"}]}";
    ConsoleBrowser.Page refused = b.submit("/console/users/user?name=bob", "/console/users/policy",
        Map.of("name", "bob", "policyName", "ec2-read", "policyDocument", broken));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).contains("id=\"policy-error\"", "MalformedPolicyDocument")
        .contains("&quot;Effect&quot;:&quot;Allow&quot; &quot;Action&quot;");
    ConsoleBrowser.Page put = b.submit("/console/users/user?name=bob", "/console/users/policy",
        Map.of("name", "bob", "policyName", "ec2-read", "policyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\","
                + "\"Resource\":\"*\"}]}"));
    assertThat(put.location()).isEqualTo("/console/users/user?name=bob");
    assertThat(b.get(put.location()).body()).contains("Put policy ec2-read on bob", "ec2:Describe*",
        "bob may sign in to the console.");
    assertThat(iam.listUserPolicies(r -> r.userName("bob")).policyNames()).containsExactly("ec2-read");

    ConsoleBrowser bob = browser();
    assertThat(bob.signIn("eucalyptus", "bob", "bob-password-1").status()).isEqualTo(303);
    assertThat(bob.get("/console/keypairs").body()).contains("bob @ eucalyptus").doesNotContain("/console/users\"");
    ConsoleBrowser.Page denied = bob.submit("/console/keypairs", "/console/keypairs/create", Map.of("name", "bobs"));
    assertThat(bob.get(denied.location()).body()).contains("UnauthorizedOperation");
    assertThat(ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).doesNotContain("bobs");
    // The cloud's own pages are the cloud administrator's: IAM and the admin services refuse bob.
    ConsoleBrowser.Page services = bob.get("/console/services");
    assertThat(services.status()).isIn(401, 403);
    assertThat(bob.get("/console/users").status()).isIn(401, 403);

    // The administrator's own view of the cloud.
    assertThat(b.get("/console/services").body()).contains("cluster01", "ENABLED");
    ConsoleBrowser.Page account = b.submit("/console/accounts", "/console/accounts/create", Map.of("name", "tenant-one"));
    assertThat(b.get(account.location()).body()).contains("Created account tenant-one", ">tenant-one</a></td>");
    // And bob's password removed, he cannot sign in.
    b.get(b.submit("/console/users/user?name=bob", "/console/users/nopassword", Map.of("name", "bob")).location());
    assertThat(browser().signIn("eucalyptus", "bob", "bob-password-1").status()).isEqualTo(401);
    admin(); // a sign-in that succeeds clears that failure from this address's count
  }

  @Test
  @Order(7)
  void securityGroupsImagesAddressesAndVolumesHaveTheirPages() throws Exception {
    ConsoleBrowser b = admin();
    // A group with a description a user chose: text, not markup.
    ConsoleBrowser.Page made = b.submit("/console/groups", "/console/groups/create",
        Map.of("name", "web", "description", "<b>web</b> & more"));
    String page = b.get(made.location()).body();
    assertThat(page).contains("Created security group web.", "&lt;b&gt;web&lt;/b&gt; &amp; more");
    ConsoleBrowser.Page opened = b.submit("/console/groups", "/console/groups/authorize",
        Map.of("name", "web", "protocol", "tcp", "from", "80", "to", "80", "cidr", "10.1.0.0/16"));
    assertThat(b.get(opened.location()).body()).contains("Authorized tcp 80-80 from 10.1.0.0/16 into web.");
    assertThat(ec2.describeSecurityGroups(r -> r.groupNames("web")).securityGroups().get(0).ipPermissions())
        .anyMatch(p -> p.fromPort() == 80 && p.ipRanges().get(0).cidrIp().equals("10.1.0.0/16"));
    ConsoleBrowser.Page closed = b.submit("/console/groups", "/console/groups/revoke",
        Map.of("name", "web", "protocol", "tcp", "from", "80", "to", "80", "cidr", "10.1.0.0/16"));
    assertThat(b.get(closed.location()).body()).contains("Revoked tcp 80-80");
    assertThat(ec2.describeSecurityGroups(r -> r.groupNames("web")).securityGroups().get(0).ipPermissions()).isEmpty();
    b.get(b.submit("/console/groups", "/console/groups/delete", Map.of("name", "web")).location());
    assertThat(ec2.describeSecurityGroups().securityGroups()).extracting(g -> g.groupName()).doesNotContain("web");

    // Images: the registered one, made public and private again.
    assertThat(b.get("/console/images").body()).contains(emi);
    b.get(b.submit("/console/images", "/console/images/permit", Map.of("id", emi, "account", "all")).location());
    assertThat(ec2.describeImages(r -> r.imageIds(emi)).images().get(0).publicLaunchPermissions()).isTrue();
    b.get(b.submit("/console/images", "/console/images/forbid", Map.of("id", emi, "account", "all")).location());
    assertThat(ec2.describeImages(r -> r.imageIds(emi)).images().get(0).publicLaunchPermissions()).isFalse();

    // Addresses and volumes: their pages, and the API's refusal when the cloud has none to give.
    assertThat(b.get("/console/addresses").status()).isEqualTo(200);
    assertThat(b.get("/console/volumes").body()).contains("Create a volume", "cluster01");
    ConsoleBrowser.Page volume = b.submit("/console/volumes", "/console/volumes/create",
        Map.of("zone", "cluster01", "size", "1"));
    assertThat(b.get(volume.location()).body()).containsPattern("Creating vol-[0-9a-f]{8}\\.|id=\"flash\">[A-Za-z.]+: ");
    assertThat(b.get("/console/").body()).contains("href=\"/console/groups\"", "href=\"/console/volumes\"");
  }

  @Test
  @Order(7)
  void usageReportsShowWhatWasHeldAsTableChartsCsvAndFromTheAdminTool() throws Exception {
    // The instance of the launch test ran for a while; the recorder (every second here) has it.
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    ConsoleBrowser b = admin();
    EndToEndTest.awaitTrue("the launch's usage recorded", Duration.ofSeconds(20), () -> {
      try {
        return b.get("/console/reports?start=" + today + "&end=" + tomorrow).body().contains("m1.small");
      } catch (Exception e) {
        return false;
      }
    });
    String page = b.get("/console/reports?start=" + today + "&end=" + tomorrow + "&account=eucalyptus").body();
    assertThat(page).contains("<svg class=\"chart\" id=\"bars\"", "<rect class=\"bar\"", "instance m1.small",
        "id=\"series\"", "<rect class=\"period\"");
    ConsoleBrowser.Page csv = b.get("/console/reports.csv?start=" + today + "&end=" + tomorrow);
    assertThat(csv.header("Content-Disposition")).contains("usage.csv");
    assertThat(csv.body()).startsWith("accountName,accountNumber,userName,zone,kind,type,hours,")
        .contains("eucalyptus,", ",admin,cluster01,instance,m1.small,");
    // A bad range is the API's refusal, on the page.
    ConsoleBrowser.Page bad = b.get("/console/reports?start=tomorrow&end=" + today);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("InvalidParameterValue");

    // euca-admin report: the same figures as CSV, JSON and an HTML page with its chart.
    Path eucarc = cloud.clc().dataDir().resolve("eucarc");
    String asCsv = EndToEndTest.captureStdout(() -> assertThat(org.eucalyptus.tools.admin.EucaAdmin.run("report",
        "--eucarc", eucarc.toString(), "--start", today, "--end", tomorrow)).isZero());
    assertThat(asCsv).startsWith("accountNumber,accountName,userId,userName,zone,kind,type,hours,")
        .contains(",eucalyptus,", ",admin,cluster01,instance,m1.small,");
    String asJson = EndToEndTest.captureStdout(() -> assertThat(org.eucalyptus.tools.admin.EucaAdmin.run("report",
        "--eucarc", eucarc.toString(), "--start", today, "--end", tomorrow, "--account", "eucalyptus",
        "--format", "json")).isZero());
    assertThat(asJson).contains("\"kind\" : \"instance\"", "\"type\" : \"m1.small\"", "\"hours\" : ");
    Path html = tmp.resolve("report.html");
    assertThat(org.eucalyptus.tools.admin.EucaAdmin.run("report", "--eucarc", eucarc.toString(), "--start", today,
        "--end", tomorrow, "--format", "html", "--output", html.toString())).isZero();
    assertThat(Files.readString(html)).contains("<svg", "instance m1.small", "<table>");
    assertThat(org.eucalyptus.tools.admin.EucaAdmin.run("report", "--eucarc", eucarc.toString(), "--start", today,
        "--end", tomorrow, "--format", "pdf")).isEqualTo(2);
  }

  @Test
  @Order(7)
  void bucketsAndObjectsAreBrowsedUploadedDownloadedAndDeletedAsTheUser() throws Exception {
    ConsoleBrowser b = admin();
    ConsoleBrowser.Page made = b.submit("/console/buckets", "/console/buckets/create", Map.of("name", "console-files"));
    assertThat(b.get(made.location()).body()).contains("Created bucket console-files", "console-files</a>");
    String page = "/console/buckets/bucket?name=console-files";
    // The browser is given a link signed with the user's key and PUTs the file there itself.
    String csrf = b.get(page).csrf();
    String body = "<b>hello</b> from the console\n";
    for (String key : List.of("docs/readme.txt", "docs/<b>x<i>.txt")) {
      ConsoleBrowser.Page link = b.post("/console/buckets/upload-link", Map.of("csrf", csrf, "bucket",
          "console-files", "key", key));
      assertThat(link.status()).as(link.body()).isEqualTo(200);
      assertThat(link.body()).startsWith("https://127.0.0.1:" + cloud.httpsPort() + "/services/Walrus/console-files/docs/")
          .contains("X-Amz-Signature=");
      var put = java.net.http.HttpClient.newBuilder().sslContext(ClientTrust.trustingOnly(cloud.clc().ca().certificate()))
          .build().send(java.net.http.HttpRequest.newBuilder(URI.create(link.body()))
              .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }
    ConsoleBrowser.Page root = b.get(page);
    assertThat(root.body()).contains("class=\"folder\"", ">docs/</a>").doesNotContain("readme.txt");
    ConsoleBrowser.Page docs = b.get(page + "&prefix=docs%2F");
    assertThat(docs.body()).contains(">readme.txt</a>", "&lt;b&gt;x&lt;i&gt;.txt").doesNotContain("<b>x<i>");
    java.util.regex.Matcher href = java.util.regex.Pattern.compile("href=\"([^\"]+)\" download=\"readme.txt\"")
        .matcher(docs.body());
    assertThat(href.find()).as(docs.body()).isTrue();
    ConsoleBrowser.Page download = b.get(href.group(1).replace("&amp;", "&").replace("&#61;", "="));
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(body);
    // A bucket page without a bucket, or of one that is not there: S3's words, as an error page.
    ConsoleBrowser.Page unnamed = b.get("/console/buckets/bucket?name=");
    assertThat(unnamed.status()).isEqualTo(400);
    assertThat(unnamed.body()).contains("InvalidBucketName");
    ConsoleBrowser.Page missing = b.get("/console/buckets/bucket?name=no-such-bucket");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("NoSuchBucket");
    // Walrus's refusals come back in its words: no such bucket.
    ConsoleBrowser.Page noBucket = b.post("/console/buckets/upload-link", Map.of("csrf", csrf, "bucket",
        "no-such-bucket", "key", "k"));
    assertThat(noBucket.status()).isEqualTo(404);
    assertThat(noBucket.body()).startsWith("NoSuchBucket");
    // A bucket that is not empty stays; emptied, it goes.
    ConsoleBrowser.Page notEmpty = b.submit("/console/buckets", "/console/buckets/delete", Map.of("name", "console-files"));
    assertThat(b.get(notEmpty.location()).body()).contains("BucketNotEmpty");
    for (String key : List.of("docs/readme.txt", "docs/<b>x<i>.txt")) {
      ConsoleBrowser.Page gone = b.submit(page + "&prefix=docs%2F", "/console/buckets/object/delete",
          Map.of("bucket", "console-files", "prefix", "docs/", "key", key));
      assertThat(gone.location()).isEqualTo(page + "&prefix=docs%2F");
    }
    assertThat(b.get(page).body()).contains("Nothing here yet.");
    ConsoleBrowser.Page deleted = b.submit("/console/buckets", "/console/buckets/delete", Map.of("name", "console-files"));
    assertThat(b.get(deleted.location()).body()).contains("Deleted bucket console-files", "No buckets yet.");

    // A user without an access key is told to make one: the console has no key of its own to act with.
    iam.createUser(r -> r.userName("keyless"));
    iam.createLoginProfile(r -> r.userName("keyless").password("keyless-password-1"));
    ConsoleBrowser k = browser();
    assertThat(k.signIn("eucalyptus", "keyless", "keyless-password-1").status()).isEqualTo(303);
    ConsoleBrowser.Page keyless = k.get("/console/buckets");
    assertThat(keyless.status()).isEqualTo(403);
    assertThat(keyless.body()).contains("NoAccessKey", "Credentials page");
    // Its dashboard still shows, the buckets' count unknown.
    iam.putUserPolicy(r -> r.userName("keyless").policyName("look").policyDocument("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}]}"));
    // ... and its quotas beside its counts.
    iam.putUserPolicy(r -> r.userName("keyless").policyName("quota").policyDocument("{\"Statement\":[{\"Effect\":"
        + "\"Limit\",\"Action\":\"ec2:CreateVolume\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThanEquals\":"
        + "{\"ec2:quota-volumenumber\":\"3\"}}}]}"));
    assertThat(k.get("/console/").body()).contains(">Buckets</a></td><td class=\"n\">?</td>",
        ">Volumes</a></td><td class=\"n\">0</td><td class=\"n\">3</td>");
  }

  @Test
  @Order(7)
  void groupsQuotasPropertiesVmTypesAndNodesHaveTheAdministratorsPages() throws Exception {
    ConsoleBrowser b = admin();
    // An IAM group with a member and a quota, which the member is then held to.
    ConsoleBrowser.Page made = b.submit("/console/iamgroups", "/console/iamgroups/create", Map.of("name", "ops"));
    assertThat(b.get(made.location()).body()).contains("Created group ops", ">ops</a>");
    iam.createUser(r -> r.userName("olga"));
    String group = "/console/iamgroups/group?name=ops";
    assertThat(b.get(group).body()).contains("<option>olga</option>", "No members yet.");
    ConsoleBrowser.Page added = b.submit(group, "/console/iamgroups/add", Map.of("name", "ops", "user", "olga"));
    assertThat(added.location()).isEqualTo(group);
    assertThat(b.get(group).body()).contains("Added olga to ops", "<td class=\"name\">olga</td>");
    assertThat(iam.getGroup(r -> r.groupName("ops")).users()).extracting(u -> u.userName()).containsExactly("olga");
    ConsoleBrowser.Page refused = b.submit(group, "/console/iamgroups/policy", Map.of("name", "ops", "policyName", "q",
        "policyDocument", "{\"Statement\":[{\"Effect\":\"Limit\",\"Action\":\"ec2:RunInstances\"}"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).contains("id=\"policy-error\"", "MalformedPolicyDocument");
    String quota = "{\"Statement\":[{\"Effect\":\"Limit\",\"Action\":\"ec2:RunInstances\",\"Resource\":\"*\","
        + "\"Condition\":{\"NumericLessThanEquals\":{\"ec2:quota-vminstancenumber\":\"2\"}}}]}";
    ConsoleBrowser.Page put = b.submit(group, "/console/iamgroups/policy", Map.of("name", "ops", "policyName", "two",
        "policyDocument", quota));
    assertThat(b.get(put.location()).body()).contains("Put policy two on ops", "ec2:quota-vminstancenumber");
    assertThat(iam.listGroupPolicies(r -> r.groupName("ops")).policyNames()).containsExactly("two");
    b.get(b.submit(group, "/console/iamgroups/remove", Map.of("name", "ops", "user", "olga")).location());
    assertThat(iam.getGroup(r -> r.groupName("ops")).users()).isEmpty();
    b.get(b.submit(group, "/console/iamgroups/policy/delete", Map.of("name", "ops", "policyName", "two")).location());
    ConsoleBrowser.Page gone = b.submit("/console/iamgroups", "/console/iamgroups/delete", Map.of("name", "ops"));
    assertThat(b.get(gone.location()).body()).contains("Deleted group ops");

    // An account's quota, put on the account's own page.
    b.get(b.submit("/console/accounts", "/console/accounts/create", Map.of("name", "quota-tenant")).location());
    String account = "/console/accounts/account?name=quota-tenant";
    ConsoleBrowser.Page accountQuota = b.submit(account, "/console/accounts/policy", Map.of("name", "quota-tenant",
        "policyName", "instances", "policyDocument", quota));
    assertThat(accountQuota.location()).isEqualTo(account);
    assertThat(b.get(account).body()).contains("Put policy instances on quota-tenant", "ec2:quota-vminstancenumber");

    // Properties: shown, set, refused in the API's words.
    ConsoleBrowser.Page props = b.get("/console/properties");
    assertThat(props.body()).contains("<code>cloud.vmstate.terminated_time</code>");
    ConsoleBrowser.Page set = b.submit("/console/properties", "/console/properties/modify",
        Map.of("name", "cloud.vmstate.terminated_time", "value", "77"));
    assertThat(b.get(set.location()).body()).contains("Set cloud.vmstate.terminated_time to 77");
    ConsoleBrowser.Page bad = b.submit("/console/properties", "/console/properties/modify",
        Map.of("name", "no.such.property", "value", "1"));
    assertThat(b.get(bad.location()).body()).contains("class=\"flash error\"", "no.such.property");

    // VM types: changed here, seen by the SDK.
    assertThat(b.get("/console/vmtypes").body()).contains("id=\"type-c1.xlarge\"");
    ConsoleBrowser.Page changed = b.submit("/console/vmtypes", "/console/vmtypes/modify",
        Map.of("name", "c1.xlarge", "cpu", "3", "memory", "3072", "disk", "12"));
    assertThat(b.get(changed.location()).body()).contains("Changed c1.xlarge: 3 cores, 3072 MiB, 12 GiB.");
    assertThat(ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("c1.xlarge")).instanceTypes().get(0)
        .vCpuInfo().defaultVCpus()).isEqualTo(3);

    // The services page: each cluster's node with its capacity, and the room left per type.
    ConsoleBrowser.Page services = b.get("/console/services");
    assertThat(services.body()).contains("id=\"nodes-cluster01\"", "<td class=\"n\">4</td><td class=\"n\">4096</td>",
        "id=\"capacity\"", "<td>m1.small</td>");
    // None of it is a plain user's: IAM and the admin services refuse them.
    iam.createLoginProfile(r -> r.userName("olga").password("olga-password-1"));
    ConsoleBrowser o = browser();
    assertThat(o.signIn("eucalyptus", "olga", "olga-password-1").status()).isEqualTo(303);
    for (String page : List.of("/console/iamgroups", "/console/properties", "/console/accounts/account?name=quota-tenant")) {
      assertThat(o.get(page).status()).as(page).isIn(401, 403);
    }
  }

  @Test
  @Order(8)
  void signingOutEndsTheSession() throws Exception {
    ConsoleBrowser b = admin();
    String session = b.cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("__Host-euca-console")).findFirst().orElseThrow().getValue();
    ConsoleBrowser.Page out = b.submit("/console/", "/console/signout", Map.of());
    assertThat(out.location()).isEqualTo("/console/signin");
    ConsoleBrowser replay = browser();
    java.net.HttpCookie c = new java.net.HttpCookie("__Host-euca-console", session);
    c.setPath("/");
    c.setVersion(0);
    replay.cookies.getCookieStore().add(URI.create("https://127.0.0.1:" + cloud.httpsPort()), c);
    ConsoleBrowser.Page after = replay.get("/console/");
    assertThat(after.status()).isEqualTo(303);
    assertThat(after.location()).isEqualTo("/console/signin");
  }

  @Test
  @Order(9)
  void failedSignInsAreSlowedEvenForTheRightPassword() throws Exception {
    ConsoleBrowser b = browser();
    for (int i = 0; i < 3; i++) {
      ConsoleBrowser.Page p = b.signIn("eucalyptus", "admin", "not-the-password");
      assertThat(p.status()).isEqualTo(401);
      assertThat(p.body()).contains("The account, user name or password is not right.");
    }
    ConsoleBrowser.Page slowed = b.signIn("eucalyptus", "admin", adminPassword);
    assertThat(slowed.status()).isEqualTo(429);
    assertThat(slowed.body()).contains("Too many failed sign-ins");
    // No such account or user reads the same as a wrong password.
    Thread.sleep(1100);
    ConsoleBrowser.Page unknown = b.signIn("no-such-account", "admin", "whatever");
    assertThat(unknown.status()).isIn(401, 429);
  }
}
