package org.eucalyptus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipFile;
import org.apache.cxf.frontend.ClientProxy;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.SigningOutInterceptor;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.testfixtures.IntegrationTest;
import org.eucalyptus.tools.admin.EucaAdmin;
import org.eucalyptus.wsdl.ec2.AmazonEC2PortType;
import org.eucalyptus.wsdl.ec2.CreateKeyPair;
import org.eucalyptus.wsdl.ec2.DescribeAvailabilityZones;
import org.eucalyptus.wsdl.ec2.DescribeInstances;
import org.eucalyptus.wsdl.ec2.DescribeKeyPairs;
import org.eucalyptus.wsdl.ec2.DescribeSecurityGroups;
import org.eucalyptus.wsdl.ec2.InstanceIdSetType;
import org.eucalyptus.wsdl.ec2.KeySetType;
import org.eucalyptus.wsdl.ec2.RunInstances;
import org.eucalyptus.wsdl.ec2.TerminateInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EC2 over SOAP with WS-Security, against a real CLC, CC and NC (libvirt's test driver): a CXF
 * client generated from our WSDL (wsdl/…/ec2.wsdl), signing with the certificate and key of a
 * credentials zip, describes zones, key pairs and groups and runs and terminates an instance;
 * unsigned, expired and foreign-CA requests get SOAP faults with EC2's codes; and the same
 * actions over Query (the AWS SDK) and SOAP give the same answers, errors included.
 */
@IntegrationTest
class Ec2SoapTest {
  @TempDir static Path tmp;
  static NodeController nc;
  static ClusterController cc;
  static CloudMain cloud;
  static SigningIdentity user;
  static String url;
  static String emi;

  @BeforeAll
  static void start() throws Exception {
    Libvirt.requireOrSkip();
    nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1", "HYPERVISOR", "test",
        "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "4", "MAX_MEM", "4096", "MAX_DISK", "100",
        "NC_KEYS_DIR", tmp.resolve("nc-keys").toString()))).start();
    cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
        "NODES", "127.0.0.1:" + nc.port(), "CC_STATE_DIR", tmp.resolve("cc").toString(),
        "NC_POLLING_FREQUENCY", "1", "CC_KEYS_DIR", tmp.resolve("cc-keys").toString()))).start();
    cloud = new CloudMain(EucaConf.of(Map.of("CLC_PORT", "0", "CLC_BIND_ADDR", "127.0.0.1",
        "CLC_DATA_DIR", tmp.resolve("clc").toString(), "CLC_CLUSTERS", "cluster01=127.0.0.1:" + cc.port())));
    String eucarc = cloud.clc().dataDir().resolve("eucarc").toString();
    // The user's certificate and key, from a credentials zip as the user gets it.
    Path zip = tmp.resolve("creds.zip");
    EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("get-credentials", "--eucarc", eucarc,
        zip.toString())).isZero());
    String certPem = null;
    String keyPem = null;
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (var e : java.util.Collections.list(z.entries())) {
        String text = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        if (e.getName().endsWith("-cert.pem") && !e.getName().equals("cloud-cert.pem")) {
          certPem = text;
        } else if (e.getName().endsWith("-pk.pem")) {
          keyPem = text;
        }
      }
    }
    user = new SigningIdentity(Pem.privateKey(keyPem), Pem.certificate(certPem), cloud.clc().ca().certificate());
    url = "http://127.0.0.1:" + cloud.port() + "/services/Eucalyptus";
    Path image = Files.write(tmp.resolve("tiny.img"), new byte[4096]);
    emi = EndToEndTest.captureStdout(() -> assertThat(EucaAdmin.run("register-image", "--eucarc", eucarc,
        "--file", image.toString())).isZero()).strip().split("\t")[1];
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {cloud, cc, nc}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static AmazonEC2PortType client(Optional<SigningIdentity> who) {
    return WsSecurity.signing(SoapClients.create(AmazonEC2PortType.class, url, Duration.ofSeconds(5),
        Duration.ofSeconds(30)), () -> who);
  }

  @Test
  void aSignedClientDescribesRunsAndTerminates() throws Exception {
    AmazonEC2PortType ec2 = client(Optional.of(user));
    EndToEndTest.awaitTrue("cluster01 available over SOAP", Duration.ofSeconds(30), () ->
        ec2.describeAvailabilityZones(new DescribeAvailabilityZones()).getAvailabilityZoneInfo().getItem().stream()
            .anyMatch(z -> z.getZoneName().equals("cluster01") && "available".equals(z.getZoneState())));

    CreateKeyPair ck = new CreateKeyPair();
    ck.setKeyName("soap-key");
    var created = ec2.createKeyPair(ck);
    assertThat(created.getKeyName()).isEqualTo("soap-key");
    assertThat(created.getKeyMaterial()).contains("PRIVATE KEY");
    assertThat(ec2.describeKeyPairs(new DescribeKeyPairs()).getKeySet().getItem())
        .anySatisfy(k -> assertThat(k.getKeyFingerprint()).isEqualTo(created.getKeyFingerprint()));
    assertThat(ec2.describeSecurityGroups(new DescribeSecurityGroups()).getSecurityGroupInfo().getItem())
        .anySatisfy(g -> assertThat(g.getGroupName()).isEqualTo("default"));

    RunInstances run = new RunInstances();
    run.setImageId(emi);
    run.setMinCount(1);
    run.setMaxCount(1);
    run.setKeyName("soap-key");
    run.setInstanceType("m1.small");
    String id = ec2.runInstances(run).getInstancesSet().getItem().get(0).getInstanceId();
    assertThat(id).startsWith("i-");
    DescribeInstances di = new DescribeInstances();
    InstanceIdSetType ids = new InstanceIdSetType();
    InstanceIdSetType.Item item = new InstanceIdSetType.Item();
    item.setInstanceId(id);
    ids.getItem().add(item);
    di.setInstancesSet(ids);
    EndToEndTest.awaitTrue("running, over SOAP", Duration.ofSeconds(30), () -> "running".equals(
        ec2.describeInstances(di).getReservationSet().getItem().get(0).getInstancesSet().getItem().get(0)
            .getInstanceState().getName()));
    TerminateInstances ti = new TerminateInstances();
    ti.setInstancesSet(ids);
    assertThat(ec2.terminateInstances(ti).getInstancesSet().getItem().get(0).getCurrentState().getName())
        .isIn("shutting-down", "terminated");
  }

  @Test
  void unsignedExpiredAndForeignRequestsGetEc2Faults() throws Exception {
    assertThatThrownBy(() -> client(Optional.empty()).describeAvailabilityZones(new DescribeAvailabilityZones()))
        .isInstanceOfSatisfying(SOAPFaultException.class, f -> {
          assertThat(f.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.AuthFailure");
          assertThat(f.getMessage()).contains("not signed");
        });

    CloudCa foreign = CloudCa.loadOrCreate(tmp.resolve("foreign-ca"));
    CloudCa.Issued stranger = foreign.issue("000000000009", "mallory");
    SigningIdentity strangerId = new SigningIdentity(Pem.privateKey(stranger.privateKeyPem()),
        stranger.certificate(), foreign.certificate());
    assertThatThrownBy(() -> client(Optional.of(strangerId)).describeAvailabilityZones(new DescribeAvailabilityZones()))
        .isInstanceOfSatisfying(SOAPFaultException.class, f ->
            assertThat(f.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.AuthFailure"));

    // A message signed by a clock a minute more than the Timestamp's lifetime behind: stale on arrival.
    String stale = signedEnvelope(Clock.offset(Clock.systemUTC(), WsSecurity.TIMESTAMP_TTL.plusMinutes(1).negated()));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"DescribeAvailabilityZones\"")
        .POST(HttpRequest.BodyPublishers.ofString(stale)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("Client.RequestExpired").doesNotContain("availabilityZoneInfo")
        .doesNotContain("at org.");
    // The same request signed by the right clock is accepted: the refusal was for its age.
    HttpResponse<String> fresh = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"DescribeAvailabilityZones\"")
        .POST(HttpRequest.BodyPublishers.ofString(signedEnvelope(Clock.systemUTC()))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.body()).contains("DescribeAvailabilityZonesResponse").contains("cluster01");
    // Wrongly signed: the body changed after signing.
    String tampered = signedEnvelope(Clock.systemUTC()).replace("DescribeAvailabilityZones", "DescribeKeyPairs");
    HttpResponse<String> t = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"DescribeAvailabilityZones\"")
        .POST(HttpRequest.BodyPublishers.ofString(tampered)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(t.statusCode()).isEqualTo(500);
    assertThat(t.body()).contains("Client.AuthFailure").doesNotContain("DescribeKeyPairsResponse");
  }

  @Test
  void aSoapRequestCarryingASecretMayBeRefusedOverPlainHttpAndIsTakenOverHttps() throws Exception {
    java.util.function.Function<String, java.util.function.Consumer<AmazonEC2PortType>> createKey = name -> c -> {
      CreateKeyPair ck = new CreateKeyPair();
      ck.setKeyName(name);
      c.createKeyPair(ck);
    };
    javax.net.ssl.SSLContext ssl = org.eucalyptus.common.http.ClientTrust.trustingOnly(cloud.clc().ca().certificate());
    HttpClient overTls = HttpClient.newBuilder().sslContext(ssl).build();
    String httpsUrl = "https://localhost:" + cloud.httpsPort() + "/services/Eucalyptus";
    cloud.clc().properties().modify(org.eucalyptus.clc.properties.CloudProperties.SECRETS_OVER_HTTPS_ONLY, "true");
    try {
      HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"CreateKeyPair\"")
          .POST(HttpRequest.BodyPublishers.ofString(signedEnvelope(Clock.systemUTC(), createKey.apply("soap-plain"))))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(plain.statusCode()).isEqualTo(500);
      assertThat(plain.body()).contains("OperationNotPermitted").contains("HTTPS").doesNotContain("PRIVATE KEY");
      HttpResponse<String> secure = overTls.send(HttpRequest.newBuilder(URI.create(httpsUrl))
          .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"CreateKeyPair\"")
          .POST(HttpRequest.BodyPublishers.ofString(signedEnvelope(Clock.systemUTC(), createKey.apply("soap-tls"))))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(secure.statusCode()).isEqualTo(200);
      assertThat(secure.body()).contains("CreateKeyPairResponse").contains("PRIVATE KEY");
    } finally {
      cloud.clc().properties().modify(org.eucalyptus.clc.properties.CloudProperties.SECRETS_OVER_HTTPS_ONLY, "false");
    }
  }

  @Test
  void queryAndSoapGiveTheSameAnswers() throws Exception {
    AmazonEC2PortType soap = client(Optional.of(user));
    try (Ec2Client query = NodeRegistrationTest.ec2(cloud)) {
      query.createKeyPair(r -> r.keyName("both-ways"));
      EndToEndTest.awaitTrue("the zone available", Duration.ofSeconds(30), () -> query.describeAvailabilityZones()
          .availabilityZones().stream().anyMatch(z -> z.zoneName().equals("cluster01")
              && z.stateAsString().equals("available")));

      Map<String, String> zonesQ = new TreeMap<>();
      query.describeAvailabilityZones().availabilityZones().forEach(z -> zonesQ.put(z.zoneName(), z.stateAsString()));
      Map<String, String> zonesS = new TreeMap<>();
      soap.describeAvailabilityZones(new DescribeAvailabilityZones()).getAvailabilityZoneInfo().getItem()
          .forEach(z -> zonesS.put(z.getZoneName(), z.getZoneState()));
      assertThat(zonesS).isEqualTo(zonesQ).containsKey("cluster01");

      Map<String, String> keysQ = new TreeMap<>();
      query.describeKeyPairs().keyPairs().forEach(k -> keysQ.put(k.keyName(), k.keyFingerprint()));
      Map<String, String> keysS = new TreeMap<>();
      soap.describeKeyPairs(new DescribeKeyPairs()).getKeySet().getItem()
          .forEach(k -> keysS.put(k.getKeyName(), k.getKeyFingerprint()));
      assertThat(keysS).isEqualTo(keysQ).containsKey("both-ways");

      List<String> groupsQ = query.describeSecurityGroups().securityGroups().stream()
          .map(g -> g.groupName() + "/" + g.description()).sorted().toList();
      List<String> groupsS = soap.describeSecurityGroups(new DescribeSecurityGroups()).getSecurityGroupInfo()
          .getItem().stream().map(g -> g.getGroupName() + "/" + g.getGroupDescription()).sorted().toList();
      assertThat(groupsS).isEqualTo(groupsQ).isNotEmpty();

      // The same error, by the same code.
      String queryCode = null;
      try {
        query.describeKeyPairs(r -> r.keyNames("no-such-key"));
      } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
        queryCode = e.awsErrorDetails().errorCode();
      }
      DescribeKeyPairs missing = new DescribeKeyPairs();
      KeySetType ks = new KeySetType();
      KeySetType.Item k = new KeySetType.Item();
      k.setKeyName("no-such-key");
      ks.getItem().add(k);
      missing.setKeySet(ks);
      String code = queryCode;
      assertThat(code).isNotNull();
      assertThatThrownBy(() -> soap.describeKeyPairs(missing)).isInstanceOfSatisfying(SOAPFaultException.class, f ->
          assertThat(f.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client." + code));
    }
  }

  /** The envelope a client signing by {@code clock} sends for DescribeAvailabilityZones, caught before it leaves. */
  private static String signedEnvelope(Clock clock) throws Exception {
    return signedEnvelope(clock, c -> c.describeAvailabilityZones(new DescribeAvailabilityZones()));
  }

  /** The message the SOAP client sends for {@code call}, signed by the user with {@code clock}'s time. */
  private static String signedEnvelope(Clock clock, java.util.function.Consumer<AmazonEC2PortType> call)
      throws Exception {
    AtomicReference<String> captured = new AtomicReference<>();
    try (HttpServer catcher = new HttpServer("soap-catcher", new InetSocketAddress("127.0.0.1", 0),
        List.of(new HttpServer.Route("/", req -> {
          captured.set(new String(req.body(), StandardCharsets.UTF_8));
          return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE,
              Unpooled.EMPTY_BUFFER);
        }))).start()) {
      AmazonEC2PortType c = SoapClients.create(AmazonEC2PortType.class,
          "http://127.0.0.1:" + catcher.port() + "/services/Eucalyptus", Duration.ofSeconds(5), Duration.ofSeconds(5));
      ClientProxy.getClient(c).getOutInterceptors().add(new SigningOutInterceptor(() -> Optional.of(user), clock));
      try {
        call.accept(c);
      } catch (RuntimeException expected) {
        // the catcher answers 503
      }
    }
    assertThat(captured.get()).contains("BinarySecurityToken");
    return captured.get();
  }
}
