package org.eucalyptus.tools.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import org.eucalyptus.clc.CloudController;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.Crypto;
import org.eucalyptus.common.auth.QuerySigner;
import org.eucalyptus.common.auth.S3SigV2;
import org.eucalyptus.common.auth.S3Signer;
import org.eucalyptus.common.auth.SigV2;
import org.eucalyptus.common.auth.SigV4;
import org.eucalyptus.common.auth.UriEncoding;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.SigningOutInterceptor;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.CloudMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated and mutated requests, from one fixed seed and within a time budget, to
 * every Query action of the CLC (EC2, IAM, properties, configuration: the action table itself),
 * every kind of S3 operation (on /services/Walrus and on Walrus's own root port), and EC2 over
 * SOAP (WS-Security signed with mutated bodies, and unsigned garbage); properly signed (SigV4 and
 * SigV2) with mutated names and values, plus raw requests. Every answer must be its protocol's
 * document, with no 5xx (but ServiceUnavailable) and no Java exception text, and afterwards the
 * cloud still answers ordinary requests. The seed and the counts are printed; rerun one with
 * {@code -Dfuzz.seed=N}. CC/NC SOAP are not fuzzed here (they would need libvirt and enrolment);
 * the HTTP layer's own answers to malformed requests are reported but not failed on.
 */
@IntegrationTest
class ApiFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 20261204L);
  /** The whole run's budget for sending requests, shared out among the targets below. */
  static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 60));
  static final String EC2_NS = "http://ec2.amazonaws.com/doc/2010-08-31/";

  @TempDir static Path tmp;
  static CloudMain cloud;
  static HttpServer walrusRoot;
  static AccessKeyOwner admin;
  static AccessKeyOwner tenant;
  static SigningIdentity soapUser;
  static final Map<String, String> seeds = new LinkedHashMap<>();
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  final Mutations m = new Mutations(SEED);
  final Answers answers = new Answers();
  final List<String> httpLayer = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_ENROLL_INTERVAL_SEC", "3600")));
    walrusRoot = new HttpServer("walrus-root-fuzz", new InetSocketAddress("127.0.0.1", 0),
        cloud.walrus().rootRoutes()).start();
    admin = cloud.clc().admin();
    cloud.clc().identity().createAccount("fuzz");
    tenant = cloud.clc().identity().createAccessKey("fuzz", "admin");
    IamDirectory.NewCertificate cert = new IamDirectory(cloud.clc().identity(), cloud.clc().ca())
        .createSigningCertificate(tenant.accountNumber(), "admin");
    soapUser = new SigningIdentity(Pem.privateKey(cert.privateKeyPem()),
        Pem.certificate(cert.certificate().certificate()), cloud.clc().ca().certificate());
    Path image = Files.write(tmp.resolve("img"), new byte[64]);
    var images = cloud.clc().images();
    seeds.put("emi", images.register(tenant.accountNumber(), "fuzz-img", null, image.toUri().toString(), "machine",
        "x86_64", null, null, false).imageId());
    seeds.put("eki", images.register(tenant.accountNumber(), "fuzz-kernel", null, image.toUri().toString(), "kernel",
        "x86_64", null, null, false).imageId());
    seeds.put("account", tenant.accountNumber());
    // A key pair, a group, a bucket with an object and an upload in progress: for requests to name.
    new ApiFuzzTest().ordinaryRequestsSucceed(true);
  }

  @AfterAll
  static void stop() {
    if (catcher != null) {
      catcher.close();
    }
    if (walrusRoot != null) {
      walrusRoot.close();
    }
    if (cloud != null) {
      cloud.close();
    }
  }

  @Test
  void everyApiAnswersMutatedRequestsWithItsOwnDocuments() throws Exception {
    long started = System.nanoTime();
    long ms = BUDGET.toMillis();
    Map<String, Integer> sent = new LinkedHashMap<>();
    sent.put("ec2-query", run(ms * 30 / 100, this::ec2Query));
    sent.put("iam", run(ms * 8 / 100, this::iam));
    sent.put("admin-services", run(ms * 7 / 100, this::adminServices));
    sent.put("s3", run(ms * 30 / 100, this::s3));
    sent.put("ec2-soap-signed", run(ms * 14 / 100, this::soapSigned));
    sent.put("ec2-soap-unsigned", run(ms * 5 / 100, this::soapUnsigned));
    sent.put("raw-http", run(ms * 6 / 100, this::raw));
    long total = sent.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("ApiFuzzTest: seed %d, %d requests in %d s: %s%n", SEED, total,
        (System.nanoTime() - started) / 1_000_000_000L, sent);
    System.out.println("ApiFuzzTest: answers by target and status: " + answers.counts());
    System.out.println("ApiFuzzTest: findings by kind: " + answers.findingKinds());
    if (!httpLayer.isEmpty()) {
      System.out.println("ApiFuzzTest: HTTP-layer answers (not failed on, reported): " + httpLayer.size() + "\n  "
          + String.join("\n  ", httpLayer.subList(0, Math.min(10, httpLayer.size()))));
    }
    // The cloud still answers, and what the fuzzing stored has not broken the answers that list it.
    ordinaryRequestsSucceed(false);
    assertThat(answers.findings()).as("seed " + SEED).isEmpty();
    assertThat(total).isGreaterThan(1000);
  }

  interface Step {
    void run() throws Exception;
  }

  private int run(long millis, Step step) throws Exception {
    long end = System.nanoTime() + millis * 1_000_000L;
    int n = 0;
    while (System.nanoTime() < end) {
      step.run();
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- Query: EC2, IAM, admin services

  static final String RULES = "GroupName=${group} GroupId=${groupId} IpProtocol=tcp FromPort=22 ToPort=22"
      + " CidrIp=0.0.0.0/0 SourceSecurityGroupName=default SourceSecurityGroupOwnerId=${account}"
      + " IpPermissions.1.IpProtocol=tcp IpPermissions.1.FromPort=80 IpPermissions.1.ToPort=80"
      + " IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0/8 IpPermissions.1.Groups.1.GroupName=default"
      + " IpPermissions.1.Groups.1.UserId=${account} IpPermissions.1.Groups.1.GroupId=${groupId}"
      + " IpPermissions.2.IpProtocol=icmp IpPermissions.2.FromPort=-1 IpPermissions.2.ToPort=-1"
      + " IpPermissions.2.IpRanges.1.CidrIp=1.2.3.4/32";
  /** Each action's parameters and a plausible value for each; "${x}" names a seed made at start. */
  static final Map<String, String> EC2_PARAMS = Map.ofEntries(
      Map.entry("DescribeAvailabilityZones", "ZoneName.1=cluster01 ZoneName.2=verbose"),
      Map.entry("DescribeRegions", "RegionName.1=eucalyptus"),
      Map.entry("DescribeInstanceTypes", "InstanceType.1=m1.small"),
      Map.entry("ModifyInstanceTypeAttribute", "Name=m1.small Cpu=1 Memory=256 Disk=5 Reset=false"),
      Map.entry("RunInstances", "ImageId=${emi} MinCount=1 MaxCount=1 InstanceType=m1.small KeyName=${key}"
          + " SecurityGroup.1=${group} SecurityGroupId.1=${groupId} UserData=aGVsbG8= KernelId=${eki}"
          + " Placement.AvailabilityZone=cluster01 ClientToken=tok RamdiskId=eri-12345678"),
      Map.entry("DescribeInstances", "InstanceId.1=i-12345678 Filter.1.Name=instance-state-name"
          + " Filter.1.Value.1=running MaxResults=5 NextToken=x"),
      Map.entry("TerminateInstances", "InstanceId.1=i-12345678 InstanceId.2=i-87654321"),
      Map.entry("RebootInstances", "InstanceId.1=i-12345678"),
      Map.entry("GetConsoleOutput", "InstanceId=i-12345678"),
      Map.entry("DescribeInstanceStatus", "InstanceId.1=i-12345678 IncludeAllInstances=true"),
      Map.entry("RegisterImage", "ImageLocation=fuzz-bucket/x.manifest.xml Name=img Architecture=x86_64"
          + " KernelId=${eki} Description=d"),
      Map.entry("DescribeImages", "ImageId.1=${emi} Owner.1=self ExecutableBy.1=all Filter.1.Name=name"
          + " Filter.1.Value.1=fuzz*"),
      Map.entry("DeregisterImage", "ImageId=emi-12345678"),
      Map.entry("DescribeImageAttribute", "ImageId=${emi} Attribute=launchPermission"),
      Map.entry("ModifyImageAttribute", "ImageId=${emi} Attribute=launchPermission OperationType=add"
          + " UserId.1=${account} UserGroup.1=all LaunchPermission.Add.1.UserId=${account}"
          + " LaunchPermission.Remove.1.Group=all Description.Value=d"),
      Map.entry("ResetImageAttribute", "ImageId=${emi} Attribute=launchPermission"),
      Map.entry("CreateKeyPair", "KeyName=k1"),
      Map.entry("ImportKeyPair", "KeyName=k2 PublicKeyMaterial=${sshKey}"),
      Map.entry("DescribeKeyPairs", "KeyName.1=${key} Filter.1.Name=key-name Filter.1.Value.1=*"),
      Map.entry("DeleteKeyPair", "KeyName=k1"),
      Map.entry("CreateSecurityGroup", "GroupName=g1 GroupDescription=d"),
      Map.entry("DeleteSecurityGroup", "GroupName=g1 GroupId=sg-12345678"),
      Map.entry("DescribeSecurityGroups", "GroupName.1=${group} GroupId.1=${groupId} Filter.1.Name=group-name"
          + " Filter.1.Value.1=*"),
      Map.entry("AuthorizeSecurityGroupIngress", RULES),
      Map.entry("RevokeSecurityGroupIngress", RULES),
      Map.entry("AllocateAddress", "Domain=standard"),
      Map.entry("AssociateAddress", "PublicIp=10.0.0.1 InstanceId=i-12345678 AllocationId=eipalloc-12345678"),
      Map.entry("DisassociateAddress", "PublicIp=10.0.0.1 AssociationId=eipassoc-12345678"),
      Map.entry("ReleaseAddress", "PublicIp=10.0.0.1 AllocationId=eipalloc-12345678"),
      Map.entry("DescribeAddresses", "PublicIp.1=10.0.0.1 AllocationId.1=eipalloc-12345678"),
      Map.entry("SetClusterAddresses", "Cluster=cluster01 PublicIp.1=10.0.0.1 PublicIp.2=10.0.0.2-10.0.0.9"),
      Map.entry("CreateTags", "ResourceId.1=${groupId} ResourceId.2=${emi} Tag.1.Key=k Tag.1.Value=v Tag.2.Key=k2"),
      Map.entry("DeleteTags", "ResourceId.1=${groupId} Tag.1.Key=k Tag.1.Value=v"),
      Map.entry("DescribeTags", "Filter.1.Name=resource-id Filter.1.Value.1=${groupId} Filter.2.Name=key"
          + " Filter.2.Value.1=k*"));
  static final Map<String, String> IAM_PARAMS = Map.ofEntries(
      Map.entry("CreateAccount", "AccountName=acct1"),
      Map.entry("ListAccounts", ""),
      Map.entry("CreateUser", "UserName=u1 Path=/dev/"),
      Map.entry("DeleteUser", "UserName=u1"),
      Map.entry("ListUsers", "PathPrefix=/ Marker=x MaxItems=10"),
      Map.entry("GetUser", "UserName=u1"),
      Map.entry("CreateAccessKey", "UserName=u1"),
      Map.entry("DeleteAccessKey", "UserName=u1 AccessKeyId=AKIA0000000000000000"),
      Map.entry("UpdateAccessKey", "UserName=u1 AccessKeyId=AKIA0000000000000000 Status=Inactive"),
      Map.entry("ListAccessKeys", "UserName=u1"),
      Map.entry("CreateSigningCertificate", "UserName=u1"),
      Map.entry("ListSigningCertificates", "UserName=u1"));
  static final Map<String, String> ADMIN_PARAMS = Map.ofEntries(
      Map.entry("DescribeProperties", "Property.1=cloud.vmstate.terminated_time Name=cloud.images.default_visibility"),
      Map.entry("ModifyPropertyValue", "Name=${property} Value=${propertyValue} Reset=false"),
      Map.entry("IssueComponentCredentials", "Role=node Name=n1 PublicKey=AAAA"),
      Map.entry("RegisterNodes", "Partition=cluster01 Node.1=10.0.0.5 Node.2=10.0.0.6:8775"),
      Map.entry("DeregisterNodes", "Partition=cluster01 Node.1=10.0.0.5"),
      Map.entry("DescribeNodes", "Partition=cluster01"),
      Map.entry("RegisterCluster", "Partition=cluster09 Name=cluster09 Host=127.0.0.1 Port=1"),
      Map.entry("DeregisterCluster", "Partition=cluster09 Name=cluster09"),
      Map.entry("DescribeServices", "ListAll=true ByServiceType=cluster"),
      Map.entry("RegisterWalrus", "Name=walrus Host=127.0.0.1 Port=1"),
      Map.entry("GetUsageReport", "StartTime=2026-12-01 EndTime=2026-12-02T06:30:00Z Account=eucalyptus SeriesPeriods=24"));
  /** Administrator actions that change where the cloud reaches its parts: only tenants (refused) fuzz them. */
  static final List<String> ADMIN_ONLY_AS_TENANT = List.of("RegisterCluster", "RegisterNodes", "RegisterWalrus",
      "IssueComponentCredentials");

  private void ec2Query() throws Exception {
    queryRequest(CloudController.EC2_PATH, EC2_PARAMS, "2016-11-15", "ec2", m.chance(85) ? tenant : admin);
  }

  private void iam() throws Exception {
    queryRequest(CloudController.EUARE_PATH, IAM_PARAMS, "2010-05-08", "iam", m.chance(75) ? tenant : admin);
  }

  private void adminServices() throws Exception {
    if (m.chance(50)) {
      queryRequest(CloudController.PROPERTIES_PATH, ADMIN_PARAMS, "eucalyptus", "ec2", m.chance(70) ? admin : tenant);
    } else {
      queryRequest(CloudController.CONFIGURATION_PATH, ADMIN_PARAMS, "eucalyptus", "ec2", null);
    }
  }

  /** One signed Query POST of an action of {@code path}'s table with mutated parameters. */
  private void queryRequest(String path, Map<String, String> specs, String version, String service,
      AccessKeyOwner caller) throws Exception {
    List<String> actions = new ArrayList<>(cloud.clc().queryActions().get(path));
    java.util.Collections.sort(actions);
    String action = m.pick(actions);
    if (caller == null) {
      caller = ADMIN_ONLY_AS_TENANT.contains(action) || m.chance(40) ? tenant : admin;
    }
    List<String[]> params = new ArrayList<>();
    params.add(new String[] {"Action", m.chance(95) ? action : m.value(action)});
    if (m.chance(90)) {
      params.add(new String[] {"Version", m.chance(90) ? version : m.value(version)});
    }
    String spec = specs.getOrDefault(action, "");
    for (String kv : spec.split(" ")) {
      if (kv.isEmpty() || !m.chance(75)) {
        continue;
      }
      int eq = kv.indexOf('=');
      params.add(new String[] {m.name(kv.substring(0, eq)), m.value(seed(kv.substring(eq + 1)))});
    }
    if (m.chance(10) && params.size() > 1) {
      params.add(params.get(m.rnd.nextInt(params.size())).clone()); // a duplicated parameter
    }
    if (m.chance(10)) {
      params.add(new String[] {m.name("Extra.1"), m.value("x")});
    }
    if (m.chance(5)) {
      params.remove(0); // no Action
    }
    String request = path + " " + Safe.show(params.stream().map(p -> p[0] + "=" + p[1])
        .reduce((a, b) -> a + "&" + b).orElse(""), 400);
    HttpResponse<byte[]> r;
    try {
      r = m.chance(80) ? postV4(path, params, caller, service) : postV2(path, params, caller);
    } catch (java.io.IOException e) {
      httpLayer.add("no answer (" + e.getMessage() + "): " + Safe.show(request, 300));
      return;
    }
    if (httpLayer(r, request)) {
      return;
    }
    answers.query(path, request, r.statusCode(), r.statusCode(), r.body());
  }

  private String seed(String value) {
    if (!value.startsWith("${")) {
      return value;
    }
    String name = value.substring(2, value.length() - 1);
    return switch (name) {
      case "property" -> m.pick(List.of("cloud.vmstate.terminated_time", "cloud.vmstate.instance_timeout",
          "cloud.images.default_visibility", "cloud.vmstate.mac_prefix", "walrus.url", "no.such.property"));
      case "propertyValue" -> m.pick(List.of("60", "300", "true", "d0:0d", "http://127.0.0.1:1/services/Walrus"));
      default -> seeds.getOrDefault(name, value);
    };
  }

  private static String formBody(List<String[]> params) {
    StringBuilder b = new StringBuilder();
    for (String[] p : params) {
      b.append(b.length() == 0 ? "" : "&").append(UriEncoding.encode(p[0])).append('=').append(UriEncoding.encode(p[1]));
    }
    return b.toString();
  }

  private HttpResponse<byte[]> postV4(String path, List<String[]> params, AccessKeyOwner key, String service)
      throws Exception {
    String body = formBody(params);
    URI uri = URI.create("http://127.0.0.1:" + cloud.port() + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    new QuerySigner(key.accessKeyId(), key.secretKey(), "eucalyptus", service).sign(uri, body, Instant.now())
        .forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> postV2(String path, List<String[]> params, AccessKeyOwner key) throws Exception {
    List<String[]> all = new ArrayList<>(params);
    all.add(new String[] {"AWSAccessKeyId", key.accessKeyId()});
    all.add(new String[] {"SignatureVersion", "2"});
    all.add(new String[] {"SignatureMethod", m.chance(50) ? "HmacSHA256" : "HmacSHA1"});
    all.add(new String[] {"Timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))});
    Map<String, String> first = new LinkedHashMap<>();
    all.forEach(p -> first.putIfAbsent(p[0], p[1]));
    String host = "127.0.0.1:" + cloud.port();
    String method = first.get("SignatureMethod");
    all.add(new String[] {"Signature", SigV2.sign(key.secretKey(), method, SigV2.stringToSign("POST", host, path,
        first))});
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(formBody(all))).build();
    return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  // ---------------------------------------------------------------- S3

  private void s3() throws Exception {
    boolean root = m.chance(40);
    String prefix = root ? "" : "/services/Walrus";
    int port = root ? walrusRoot.port() : cloud.port();
    String bucket = switch (m.rnd.nextInt(6)) {
      case 0, 1, 2 -> "fuzz-bucket";
      case 3 -> "fuzz-" + m.rnd.nextInt(20);
      case 4 -> m.value("fuzz-new");
      default -> null;
    };
    String key = bucket == null ? null : switch (m.rnd.nextInt(5)) {
      case 0 -> null;
      case 1 -> "obj";
      case 2 -> "dir/obj" + m.rnd.nextInt(5);
      default -> m.value("dir/k");
    };
    String method = m.pick(List.of("GET", "GET", "PUT", "PUT", "HEAD", "DELETE", "POST"));
    Map<String, String> query = new LinkedHashMap<>();
    switch (m.rnd.nextInt(10)) {
      case 0 -> query.put("acl", "");
      case 1 -> query.put("location", "");
      case 2 -> query.put("uploads", "");
      case 3 -> {
        query.put("uploadId", m.value(seeds.get("uploadId")));
        query.put("partNumber", m.value("1"));
      }
      case 4 -> query.put("delete", "");
      case 5 -> query.put(m.pick(List.of("versioning", "logging", "tagging", "torrent", "versions", "policy")), "");
      case 6, 7 -> {
        for (String p : List.of("prefix", "marker", "max-keys", "delimiter", "list-type", "continuation-token",
            "start-after", "encoding-type", "fetch-owner")) {
          if (m.chance(30)) {
            query.put(m.name(p), m.value(switch (p) {
              case "max-keys" -> "5";
              case "list-type" -> "2";
              case "delimiter" -> "/";
              case "encoding-type" -> "url";
              case "fetch-owner" -> "true";
              case "continuation-token" -> "ZGlyLw";
              default -> "dir/";
            }));
          }
        }
      }
      default -> { }
    }
    Map<String, String> headers = new TreeMap<>();
    for (String[] h : new String[][] {{"x-amz-acl", "public-read"}, {"x-amz-grant-read", "id=\"" + tenant.accountNumber()
        + "\""}, {"x-amz-meta-color", "blue"}, {"Content-Type", "text/plain"}, {"x-amz-copy-source", "fuzz-bucket/obj"},
        {"x-amz-copy-source-range", "bytes=0-3"}, {"x-amz-metadata-directive", "REPLACE"}, {"Range", "bytes=1-2"},
        {"If-Match", "\"x\""}, {"If-None-Match", "*"}, {"If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"},
        {"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="}, {"Cache-Control", "no-cache"}}) {
      if (m.chance(10)) {
        headers.put(h[0], headerSafe(m.value(h[1])));
      }
    }
    byte[] body = s3Body(method, key, query);
    StringBuilder path = new StringBuilder(prefix);
    if (bucket != null) {
      path.append('/').append(UriEncoding.encode(bucket, false));
      if (key != null) {
        path.append('/').append(UriEncoding.encode(key, true));
      }
    } else {
      path.append('/');
    }
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(UriEncoding.encode(k, false))
        .append(v.isEmpty() && List.of("acl", "location", "uploads", "delete", "versioning", "logging", "tagging",
            "torrent", "versions", "policy").contains(k) ? "" : "=" + UriEncoding.encode(v, false)));
    URI uri = URI.create("http://127.0.0.1:" + port + path + q);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(method, body.length == 0 && !method.equals("PUT") && !method.equals("POST")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    int how = m.rnd.nextInt(100);
    if (how < 70) {
      String sha = m.chance(50) ? SigV4.UNSIGNED_PAYLOAD : Crypto.sha256Hex(body);
      new S3Signer(tenant.accessKeyId(), tenant.secretKey(), "eucalyptus").sign(method, uri, headers, sha,
          Instant.now()).forEach(b::header);
    } else if (how < 92) {
      headers.put("x-amz-date", DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(Instant.now()));
      DefaultHttpHeaders nh = new DefaultHttpHeaders();
      headers.forEach(nh::set);
      Map<String, List<String>> decoded = new LinkedHashMap<>();
      query.forEach((k, v) -> decoded.put(k, List.of(v)));
      String sts = S3SigV2.stringToSign(method, nh, "", uri.getRawPath(), decoded);
      headers.forEach(b::header);
      b.header("Authorization", "AWS " + tenant.accessKeyId() + ":" + S3SigV2.sign(tenant.secretKey(), sts));
    } else {
      headers.forEach(b::header);
    }
    String request = method + " " + Safe.show(uri.toString(), 300) + " " + headers.keySet();
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      // The connection closed under the request (seen for uploads the server answered before reading their body):
      // the HTTP layer's behaviour, reported to the lead rather than failed on here.
      httpLayer.add("no answer (" + e.getMessage() + "): " + Safe.show(request, 300));
      return;
    }
    if (httpLayer(r, request)) {
      return;
    }
    answers.s3(root ? "s3-root" : "s3", request, method, r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(null), r.body());
  }

  /**
   * An answer the HTTP server gave itself (a plain-text 400 for a request line or header it would
   * not read): recorded for the report, not a finding of the APIs.
   */
  private boolean httpLayer(HttpResponse<byte[]> r, String request) {
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("text/plain") && r.statusCode() == 400) {
      httpLayer.add("400 text/plain from the HTTP layer: " + Safe.show(request, 200) + " -> "
          + Safe.show(new String(r.body(), StandardCharsets.UTF_8), 80));
      answers.count("http-layer", r.statusCode());
      return true;
    }
    return false;
  }

  /** Header values as java.net.http sends them (controls in headers go in the raw requests). */
  private static String headerSafe(String v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString().strip();
  }

  private byte[] s3Body(String method, String key, Map<String, String> query) {
    if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")) {
      return new byte[0];
    }
    String xml;
    if (query.containsKey("acl")) {
      xml = "<AccessControlPolicy><Owner><ID>" + tenant.accountNumber() + "</ID></Owner><AccessControlList><Grant>"
          + "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>"
          + m.value(tenant.accountNumber()) + "</ID></Grantee><Permission>" + m.value("READ")
          + "</Permission></Grant></AccessControlList></AccessControlPolicy>";
    } else if (query.containsKey("delete")) {
      xml = "<Delete><Quiet>" + m.value("false") + "</Quiet><Object><Key>" + m.value("obj9") + "</Key></Object></Delete>";
    } else if (query.containsKey("uploadId") && method.equals("POST")) {
      xml = "<CompleteMultipartUpload><Part><PartNumber>" + m.value("1") + "</PartNumber><ETag>" + m.value("\"x\"")
          + "</ETag></Part></CompleteMultipartUpload>";
    } else if (key == null && method.equals("PUT")) {
      xml = m.chance(30) ? "" : "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
          + "<LocationConstraint>" + m.value(m.pick(List.of("US", "us-east-1", "eucalyptus")))
          + "</LocationConstraint></CreateBucketConfiguration>";
    } else {
      return m.chance(20) ? new byte[0] : m.bytes(m.rnd.nextInt(2048));
    }
    if (m.chance(15)) {
      xml = xml.substring(0, m.rnd.nextInt(xml.length() + 1)); // truncated
    }
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- EC2 over SOAP

  private static HttpServer catcher;
  private static final AtomicReference<byte[]> caught = new AtomicReference<>();
  private static Dispatch<Source> dispatch;

  /** A WS-Security signed envelope made by CXF's own signing interceptor, caught before it leaves. */
  private byte[] signedEnvelope(String action, String payload) throws Exception {
    if (catcher == null) {
      catcher = new HttpServer("soap-catcher", new InetSocketAddress("127.0.0.1", 0), List.of(new HttpServer.Route("/",
          req -> {
            caught.set(req.body());
            DefaultFullHttpResponse no = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.EMPTY_BUFFER);
            no.headers().set("Content-Length", "0");
            return no;
          }))).start();
      QName service = new QName(EC2_NS, "EucalyptusEC2");
      QName port = new QName(EC2_NS, "EucalyptusEC2Port");
      Service s = Service.create(service);
      s.addPort(port, SOAPBinding.SOAP11HTTP_BINDING, "http://127.0.0.1:" + catcher.port() + "/services/Eucalyptus");
      dispatch = s.createDispatch(port, Source.class, Service.Mode.PAYLOAD);
      ((org.apache.cxf.jaxws.DispatchImpl<?>) dispatch).getClient().getOutInterceptors()
          .add(new SigningOutInterceptor(() -> Optional.of(soapUser)));
    }
    caught.set(null);
    dispatch.getRequestContext().put(BindingProvider.SOAPACTION_USE_PROPERTY, true);
    dispatch.getRequestContext().put(BindingProvider.SOAPACTION_URI_PROPERTY, action);
    try {
      dispatch.invoke(new StreamSource(new StringReader(payload)));
    } catch (RuntimeException expected) {
      // the catcher answers 503
    }
    return caught.get();
  }

  private void soapSigned() throws Exception {
    List<String> actions = new ArrayList<>(cloud.clc().queryActions().get(CloudController.EC2_PATH));
    java.util.Collections.sort(actions);
    String action = m.pick(actions);
    String ns = m.chance(90) ? EC2_NS : m.pick(List.of("http://ec2.amazonaws.com/doc/2099-01-01/", "urn:other",
        "http://ec2.amazonaws.com/doc/x/"));
    StringBuilder body = new StringBuilder();
    String element = m.chance(95) ? action : xmlName(m.value(action));
    body.append('<').append(element).append(" xmlns=\"").append(ns).append("\">");
    for (String kv : EC2_PARAMS.getOrDefault(action, "").split(" ")) {
      if (kv.isEmpty() || !m.chance(75)) {
        continue;
      }
      int eq = kv.indexOf('=');
      body.append(soapParameter(kv.substring(0, eq), Mutations.xmlText(m.value(seed(kv.substring(eq + 1))))));
    }
    body.append("</").append(element).append('>');
    byte[] envelope = signedEnvelope(action, body.toString());
    if (envelope == null) {
      return; // CXF refused to send it (the payload was not XML): nothing reached the cloud
    }
    if (m.chance(10)) {
      // Changed after signing: the signature no longer holds.
      String text = new String(envelope, StandardCharsets.UTF_8);
      envelope = text.replaceFirst(">[^<]{1,40}</", java.util.regex.Matcher.quoteReplacement(">" + Mutations.xmlText(m.value("tampered")) + "</"))
          .getBytes(StandardCharsets.UTF_8);
    }
    HttpResponse<byte[]> r;
    try {
      r = soapPost(envelope, action);
    } catch (java.io.IOException e) {
      httpLayer.add("no answer (" + e.getMessage() + "): signed SOAP " + action);
      return;
    }
    answers.soap("ec2-soap", "signed " + Safe.show(body.toString(), 400), r.statusCode(), r.body());
  }

  private static HttpResponse<byte[]> soapPost(byte[] envelope, String action) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=UTF-8")
        .header("SOAPAction", "\"" + action + "\"").POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** {@code ImageId} → {@code <imageId>}; {@code X.N} and {@code X.N.F} → {@code <xSet><item>…} (EC2's shapes). */
  private static String soapParameter(String name, String value) {
    String[] parts = name.split("\\.");
    if (parts.length == 1) {
      return "<" + lc(xmlName(parts[0])) + ">" + value + "</" + lc(xmlName(parts[0])) + ">";
    }
    String set = lc(xmlName(parts[0])) + "Set";
    String field = parts.length >= 3 ? lc(xmlName(parts[2])) : lc(xmlName(parts[0]));
    return "<" + set + "><item><" + field + ">" + value + "</" + field + "></item></" + set + ">";
  }

  private static String lc(String s) {
    return s.isEmpty() ? "x" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** A mutated name made into an element name (the envelope must still be XML for CXF to sign it). */
  private static String xmlName(String s) {
    String n = s.replaceAll("[^A-Za-z0-9_]", "");
    return n.isEmpty() || !Character.isLetter(n.charAt(0)) ? "x" + n : n;
  }

  private void soapUnsigned() throws Exception {
    String action = m.pick(List.of("DescribeAvailabilityZones", "RunInstances", "CreateKeyPair", "x"));
    String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
        + "<" + action + " xmlns=\"" + EC2_NS + "\"><keyName>" + Mutations.xmlText(m.value("k")) + "</keyName></" + action + ">"
        + "</soapenv:Body></soapenv:Envelope>";
    byte[] body = switch (m.rnd.nextInt(9)) {
      case 0 -> m.bytes(m.rnd.nextInt(600));
      case 1 -> envelope.substring(0, m.rnd.nextInt(envelope.length())).getBytes(StandardCharsets.UTF_8);
      case 2 -> ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + envelope
          .replace("<keyName>", "<keyName>&x;")).getBytes(StandardCharsets.UTF_8);
      case 3 -> new byte[0];
      case 4 -> envelope.replace("soapenv:Body", "soapenv:Bodyy").getBytes(StandardCharsets.UTF_8);
      case 5 -> envelope.replace("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")
          .getBytes(StandardCharsets.UTF_8);
      case 6 -> ("<a>" + "<b>".repeat(2000) + "</b>".repeat(2000) + "</a>").getBytes(StandardCharsets.UTF_8);
      case 7 -> envelope.replace("<soapenv:Body>", "<soapenv:Header><wsse:Security xmlns:wsse=\"http://docs.oasis-open"
          + ".org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\"><garbage/></wsse:Security></soapenv:Header>"
          + "<soapenv:Body>").getBytes(StandardCharsets.UTF_8);
      default -> envelope.getBytes(StandardCharsets.UTF_8);
    };
    HttpResponse<byte[]> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port()
              + "/services/Eucalyptus")).timeout(Duration.ofSeconds(30))
          .header("Content-Type", m.pick(List.of("text/xml; charset=UTF-8", "application/soap+xml", "text/plain")))
          .header("SOAPAction", headerSafe(m.value("\"" + action + "\"")))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      httpLayer.add("no answer (" + e.getMessage() + "): unsigned SOAP of " + body.length + " bytes");
      return;
    }
    if (httpLayer(r, "unsigned SOAP")) {
      return;
    }
    answers.soap("ec2-soap-unsigned", "unsigned " + Safe.show(new String(body, StandardCharsets.UTF_8), 300),
        r.statusCode(), r.body());
  }

  // ---------------------------------------------------------------- raw HTTP

  /** Requests no client library would send: control characters in headers, paths and forms, odd framing. */
  private void raw() throws Exception {
    boolean s3 = m.chance(50);
    String path = s3 ? m.pick(List.of("/services/Walrus/fuzz-bucket/raw", "/services/Walrus/fuzz-bucket",
        "/services/Walrus/fuzz-bucket/a%00b", "/services/Walrus/fuzz-bucket/%C0%AF", "/services/Walrus/fuzz-bucket?prefix=%ED%A0%80",
        "/services/Walrus/fuzz-bucket/k?acl=%01")) : m.pick(List.of("/services/Eucalyptus", "/services/Euare",
        "/services/Properties", "/services/Configuration", "/"));
    String form = "Action=DescribeRegions&Version=2016-11-15&RegionName.1=" + m.pick(List.of("%00", "%ED%A0%80",
        "%EF%BF%BE", "%C2%85", "%FF", "%", "%2", "a%zz", "eucalyptus"));
    String method = m.pick(List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"));
    String header = m.pick(List.of("", "x-amz-meta-c: a\u0001b\r\n", "X-Amz-Date: \u0000\r\n",
        "Authorization: AWS4-HMAC-SHA256 Credential=/\r\n", "Authorization: AWS " + tenant.accessKeyId() + ":x\r\n",
        "Authorization: AWS4-HMAC-SHA256 Credential=" + tenant.accessKeyId() + "/20200101/eucalyptus/s3/aws4_request,"
            + " SignedHeaders=host, Signature=00\r\n", "x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD\r\n",
        "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\nx-amz-decoded-content-length: 5\r\n",
        "Content-Type: multipart/form-data\r\n", "Content-Type: application/x-www-form-urlencoded\r\n"));
    byte[] body = s3 ? m.bytes(m.rnd.nextInt(64)) : form.getBytes(StandardCharsets.ISO_8859_1);
    String framing = m.pick(List.of("length", "length", "none"));
    StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header);
    switch (framing) {
      case "length" -> req.append("Content-Length: ").append(body.length).append("\r\n");
      default -> { }
    }
    req.append("Connection: close\r\n\r\n");
    byte[] head = req.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    RawHttp.Answer a = RawHttp.send(cloud.port(), all, 2000);
    String shown = Safe.show(req.toString().replace("\r\n", " | "), 300);
    if (a.status() == 0 || a.timedOut()) {
      httpLayer.add("no answer (" + (a.timedOut() ? "timed out" : "closed") + "): " + shown);
      return;
    }
    if (a.contentType() != null && a.contentType().startsWith("text/plain")) {
      httpLayer.add(a.status() + " text/plain from the HTTP layer: " + shown);
      answers.count("raw-http-layer", a.status());
      return;
    }
    if (path.startsWith("/services/Walrus")) {
      answers.s3("raw-s3", shown, method, a.status(), a.contentType(), a.body());
    } else {
      answers.query("raw-query", shown, method.equals("HEAD") ? 0 : a.status(), a.status(), a.body());
    }
  }

  // ---------------------------------------------------------------- before and after

  /** Ordinary requests of each API succeed (at start, making what fuzzed requests name). */
  void ordinaryRequestsSucceed(boolean setUp) throws Exception {
    if (setUp) {
      String key = "fuzz-key";
      HttpResponse<byte[]> k = postV4(CloudController.EC2_PATH, List.of(new String[] {"Action", "CreateKeyPair"},
          new String[] {"Version", "2016-11-15"}, new String[] {"KeyName", key}), tenant, "ec2");
      assertThat(k.statusCode()).isEqualTo(200);
      seeds.put("key", key);
      seeds.put("sshKey", java.util.Base64.getEncoder().encodeToString(("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk3p9"
          + "6Jt5s0mNq0f0m7f8Xp5lJm0Zt5l8P0mQx1a2b3 fuzz").getBytes(StandardCharsets.US_ASCII)));
      HttpResponse<byte[]> g = postV4(CloudController.EC2_PATH, List.of(new String[] {"Action", "CreateSecurityGroup"},
          new String[] {"Version", "2016-11-15"}, new String[] {"GroupName", "fuzz-group"},
          new String[] {"GroupDescription", "fuzz"}), tenant, "ec2");
      assertThat(g.statusCode()).isEqualTo(200);
      seeds.put("group", "fuzz-group");
      seeds.put("groupId", Answers.parse(g.body()).getElementsByTagName("groupId").item(0).getTextContent());
      S3Signer s = new S3Signer(tenant.accessKeyId(), tenant.secretKey(), "eucalyptus");
      assertThat(s3Send(s, "PUT", "/fuzz-bucket", new byte[0]).statusCode()).isEqualTo(200);
      assertThat(s3Send(s, "PUT", "/fuzz-bucket/obj", "object".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
      HttpResponse<byte[]> u = s3Send(s, "POST", "/fuzz-bucket/obj?uploads", new byte[0]);
      seeds.put("uploadId", Answers.parse(u.body()).getElementsByTagName("UploadId").item(0).getTextContent());
      // The first SOAP request warms CXF and WSS4J up (seconds on a busy machine): not on the fuzzing clock.
      byte[] warm = signedEnvelope("DescribeRegions", "<DescribeRegions xmlns=\"" + EC2_NS + "\"/>");
      assertThat(soapPost(warm, "DescribeRegions").statusCode()).isEqualTo(200);
      return;
    }
    HttpResponse<byte[]> regions = postV4(CloudController.EC2_PATH, List.of(new String[] {"Action", "DescribeRegions"},
        new String[] {"Version", "2016-11-15"}), tenant, "ec2");
    assertThat(regions.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> groups = postV4(CloudController.EC2_PATH, List.of(new String[] {"Action",
        "DescribeSecurityGroups"}, new String[] {"Version", "2016-11-15"}), tenant, "ec2");
    assertThat(groups.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> tags = postV4(CloudController.EC2_PATH, List.of(new String[] {"Action", "DescribeTags"},
        new String[] {"Version", "2016-11-15"}), tenant, "ec2");
    assertThat(tags.statusCode()).as(new String(tags.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    HttpResponse<byte[]> users = postV4(CloudController.EUARE_PATH, List.of(new String[] {"Action", "ListUsers"},
        new String[] {"Version", "2010-05-08"}), tenant, "iam");
    assertThat(users.statusCode()).isEqualTo(200);
    S3Signer s = new S3Signer(tenant.accessKeyId(), tenant.secretKey(), "eucalyptus");
    HttpResponse<byte[]> list = s3Send(s, "GET", "/fuzz-bucket", new byte[0]);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(Answers.parse(list.body())).isNotNull();
    HttpResponse<byte[]> buckets = s3Send(s, "GET", "/", new byte[0]);
    assertThat(Answers.parse(buckets.body())).isNotNull();
    byte[] envelope = signedEnvelope("DescribeAvailabilityZones", "<DescribeAvailabilityZones xmlns=\"" + EC2_NS
        + "\"/>");
    assertThat(soapPost(envelope, "DescribeAvailabilityZones").statusCode()).isEqualTo(200);
  }

  private HttpResponse<byte[]> s3Send(S3Signer s, String method, String path, byte[] body) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + cloud.port() + "/services/Walrus" + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    s.sign(method, uri, Map.of(), SigV4.UNSIGNED_PAYLOAD, Instant.now()).forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
