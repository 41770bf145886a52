package org.eucalyptus.tools.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.exec.CommandRunner;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.pki.Pem;
import org.eucalyptus.common.soap.SoapClients;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.common.soap.security.WsSecurity;
import org.eucalyptus.nc.NodeController;
import org.eucalyptus.sc.StorageController;
import org.eucalyptus.testfixtures.NetworkNamespaces;
import org.eucalyptus.testfixtures.RootTest;
import org.eucalyptus.wsdl.cc.EucalyptusCCPortType;
import org.eucalyptus.wsdl.nc.EucalyptusNCPortType;
import org.eucalyptus.wsdl.sc.EucalyptusSCPortType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SOAP operation of the cluster, node and storage controllers (their WSDLs' whole port types,
 * bodies generated from the schemas by {@link SchemaMessages}) under mutated requests: signed as
 * their real callers sign (the cloud controller to the CC and the SC, a cluster controller to the
 * NC, after the components were enrolled as the cloud enrols them), signed and then changed, signed
 * by a component that may not call, unsigned, and garbage, cut and malformed envelopes. Every answer
 * must be a SOAP envelope, a fault must be the client's, and no Java exception text may show;
 * afterwards the CC and NC still serve a normal launch, the SC still makes, exports and deletes a
 * volume for its cloud, and nothing the fuzz started is left in libvirt.
 *
 * <p>Safe on a shared machine: the NC runs on libvirt's test driver (no guest starts) with a
 * power-down command that does nothing, and the networking of both lives in network namespaces of
 * their own (MANAGED-NOVLAN, CC_NETNS and NC_NETNS), so StartNetwork, ConfigureNetwork,
 * AssignAddress and the node's filters change only those. Without root (or ip, iptables, dnsmasq)
 * both run in SYSTEM mode instead, where these operations touch nothing; under CI=true the
 * namespaces are required. The SC runs its own tgtd on this test's control port and portal (with
 * file volumes under the test's directory and no Walrus: a snapshot ends in error); without tgt
 * (or root) the fuzz leaves the SC out, and under CI=true it is required.
 */
@RootTest
class ComponentSoapFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 20261204L);
  static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.component.seconds", 30));
  static final String ACCOUNT = "111122223333";
  static final String NC_PATH = "/axis2/services/EucalyptusNC";
  /** A node registered and deregistered by the fuzz: a port of this test's range nothing listens on. */
  static final int SPARE_NODE_PORT = 9290;
  /** The SC's tgtd: a control port and portal of this test's own. */
  static final int TGT_CONTROL_PORT = 7332;
  static final int TGT_ISCSI_PORT = 13532;

  @TempDir Path tmp;
  final CommandRunner sh = new CommandRunner(Duration.ofSeconds(20));
  final String ns = NetworkNamespaces.uniqueName("ecf");
  final String nodeNs = ns + "n";
  /** The CC's and the NC's namespaces, when the run has them. */
  final NetworkNamespaces hosts = new NetworkNamespaces();
  boolean namespaces;

  @AfterEach
  void removeNamespaces() {
    hosts.close();
  }

  @Test
  void everyClusterNodeAndStorageControllerOperationAnswersMutatedSoapWithEnvelopes() throws Exception {
    TestDriver.requireOrSkip();
    boolean withSc = storageControllerAvailable();
    // -Dfuzz.component.mode=SYSTEM: the SYSTEM-mode run, where the host has namespaces too.
    namespaces = !"SYSTEM".equals(System.getProperty("fuzz.component.mode")) && namespacesAvailable();
    String mode = namespaces ? "MANAGED-NOVLAN" : "SYSTEM";
    if (namespaces) {
      hosts.add(ns);
      sh.run("ip", "-n", ns, "link", "add", "priv0", "type", "veth", "peer", "name", "pub0");
      sh.run("ip", "-n", ns, "link", "set", "priv0", "up");
      sh.run("ip", "-n", ns, "link", "set", "pub0", "up");
      hosts.add(nodeNs);
      sh.run("ip", "-n", nodeNs, "link", "add", "br0", "type", "bridge");
    } else {
      System.out.println("ComponentSoapFuzzTest: no network namespaces here (root, ip, iptables, dnsmasq and"
          + " br_netfilter needed); the components run in SYSTEM mode");
    }
    Map<String, String> ncConf = new java.util.HashMap<>(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "512", "MAX_MEM",
        "1048576", "MAX_DISK", "100000", "NC_KEYS_DIR", tmp.resolve("nc-keys").toString(),
        // ncPowerDown is fuzzed too: it must never power this machine off.
        "NC_POWERDOWN_COMMAND", "true"));
    ncConf.put("VNET_MODE", mode);
    if (namespaces) {
      ncConf.putAll(Map.of("VNET_BRIDGE", "br0", "NC_NETNS", nodeNs));
    }
    Set<String> domainsBefore = TestDriver.domainNames();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (NodeController nc = new NodeController(EucaConf.of(ncConf)).start()) {
      Map<String, String> ccConf = new java.util.HashMap<>(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
          "NODES", "127.0.0.1:" + nc.port(), "CC_STATE_DIR", tmp.resolve("cc").toString(),
          "CC_KEYS_DIR", tmp.resolve("cc-keys").toString(), "NC_POLLING_FREQUENCY", "1", "VNET_MODE", mode));
      if (namespaces) {
        ccConf.putAll(Map.of("VNET_SUBNET", "10.10.0.0", "VNET_NETMASK", "255.255.0.0", "VNET_ADDRSPERNET", "32",
            "VNET_PRIVINTERFACE", "priv0", "VNET_PUBINTERFACE", "pub0", "CC_NETNS", ns, "VNET_PUBLICIPS",
            "10.99.0.1-10.99.0.20", "CC_NODE_NETWORK_RESEND_SEC", "5"));
      }
      try (ClusterController cc = new ClusterController(EucaConf.of(ccConf)).start();
           StorageController sc = withSc ? startSc() : null;
           SignedEnvelopes signer = new SignedEnvelopes()) {
        // How long each step took (a busy machine shows in these, not in the fuzz's budget).
        org.eucalyptus.common.util.StepTimes phases = new org.eucalyptus.common.util.StepTimes();
        Enrolled e = enrol(cc, sc);
        phases.done("enrolment");
        Map<String, String> urls = new java.util.HashMap<>(Map.of(
            "cc", "http://127.0.0.1:" + cc.port() + ClusterController.PATH,
            "nc", "http://127.0.0.1:" + nc.port() + NC_PATH));
        if (sc != null) {
          urls.put("sc", "http://127.0.0.1:" + sc.port() + org.eucalyptus.sc.ScSettings.PATH);
        }
        EucalyptusCCPortType ccClient = ccClient(urls.get("cc"), e.cloud());
        EucalyptusNCPortType ncClient = ncClient(urls.get("nc"), e.cluster());
        awaitNodeSized(ccClient);
        phases.done("the node sized");

        Fuzz fuzz = new Fuzz(new Mutations(SEED), signer, e, nc.port(), namespaces, sc != null);
        // The first signed request warms CXF and WSS4J up (seconds on a busy machine): not on the fuzzing clock.
        signer.sign(e.cloud(), "EucalyptusCC#DescribeNodes", "<DescribeNodes xmlns=\"" + fuzz.cc.namespace() + "\"/>");
        Tally plain = new Tally();
        for (Fuzz.Request r : fuzz.plain()) {
          plain.send(http, urls, r);
        }
        phases.done("plain pass");
        plain.print("plain pass, every operation once as a careful caller sends it", mode);
        assertThat(plain.answers.findings()).isEmpty();
        // Every operation of both contracts is served: its handler answers (a result, or its own fault).
        for (var op : plain.reached.entrySet()) {
          assertThat(op.getValue()[1]).as("%s answered by its handler", op.getKey()).isPositive();
        }
        assertThat(plain.reached).hasSize(fuzz.cc.operations().size() + fuzz.nc.operations().size()
            + (sc == null ? 0 : fuzz.sc.operations().size()));

        Tally mutated = new Tally();
        long end = System.nanoTime() + BUDGET.toNanos();
        while (System.nanoTime() < end) {
          mutated.send(http, urls, fuzz.next());
        }
        phases.done("fuzz");
        mutated.print("seed " + SEED, mode);
        assertThat(mutated.answers.findings()).as("seed " + SEED).isEmpty();
        assertThat(mutated.sent).isGreaterThan(plain.sent);

        // Afterwards: everything the fuzz started goes, and both still serve a normal launch.
        terminateEverything(ccClient, ncClient);
        phases.done("terminating what the fuzz started");
        normalLaunch(ccClient, ncClient, namespaces);
        terminateEverything(ccClient, ncClient);
        phases.done("a normal launch and its end");
        if (sc != null) {
          normalVolume(scClient(urls.get("sc"), e.cloud()), e.ncCertificate());
          phases.done("a normal volume made, exported and deleted");
        }
        System.out.println("ComponentSoapFuzzTest phases: " + phases);
      }
    }
    assertThat(TestDriver.domainNames()).as("libvirt domains left").isEqualTo(domainsBefore);
  }

  // ---------------------------------------------------------------- the requests

  /** Requests sent and what came back: the answers' checks, and per signed operation how far it got. */
  static final class Tally {
    final Answers answers = new Answers();
    /** Per operation: signed requests sent, answered by the handler (a result or its EucalyptusFault), 200s. */
    final Map<String, int[]> reached = new TreeMap<>();
    final Map<String, Long> millis = new TreeMap<>();
    int sent;
    int unsent;

    void send(HttpClient http, Map<String, String> urls, Fuzz.Request r) throws Exception {
      if (r.payload() == null) {
        unsent++; // the signing client refused it: nothing to send
        return;
      }
      long t0 = System.nanoTime();
      HttpResponse<byte[]> a = http.send(HttpRequest.newBuilder(URI.create(urls.get(r.who())))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=UTF-8")
          .header("SOAPAction", r.soapAction()).POST(HttpRequest.BodyPublishers.ofByteArray(r.payload())).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      String op = r.who() + " " + r.operation();
      millis.merge(op, (System.nanoTime() - t0) / 1_000_000, Long::sum);
      answers.soap(r.who() + "-soap " + r.kind(), r.kind() + " " + r.operation() + ": " + Safe.show(
          new String(r.payload(), StandardCharsets.UTF_8), 500), a.statusCode(), a.body());
      if (r.kind().equals("signed")) {
        int[] c = reached.computeIfAbsent(op, k -> new int[3]);
        c[0]++;
        c[1] += a.statusCode() == 200 || new String(a.body(), StandardCharsets.UTF_8).contains("EucalyptusFault") ? 1 : 0;
        c[2] += a.statusCode() == 200 ? 1 : 0;
      }
      sent++;
    }

    void print(String what, String mode) {
      Map<String, String> coverage = new TreeMap<>();
      reached.forEach((op, c) -> coverage.put(op, c[0] + "/" + c[1] + "/" + c[2] + " " + millis.get(op) + "ms"));
      System.out.printf("ComponentSoapFuzzTest (%s, %s): %d requests (%d the signer refused): %s; findings %s;%n"
          + "  per signed operation (sent/answered by its handler/200, time answering): %s%n", what, mode, sent,
          unsent, answers.counts(), answers.findingKinds(), coverage);
    }
  }

  /** Who signs what: the cloud controller (to the CC), the cluster controller (to the NC), and one who may call neither. */
  record Enrolled(SigningIdentity cloud, SigningIdentity cluster, SigningIdentity stranger, String ccCertificate,
      String ncCertificate, String caCertificate, String scCertificate) {}

  /** The next request, mutated from the seed: which component, how made, and what. */
  static final class Fuzz {
    record Request(String who, String operation, String kind, String soapAction, byte[] payload) {}

    final Mutations m;
    final SignedEnvelopes signer;
    final Enrolled e;
    final int ncPort;
    final boolean managed;
    final boolean withSc;
    final SchemaMessages cc = new SchemaMessages("wsdl/eucalyptus_cc.wsdl");
    final SchemaMessages nc = new SchemaMessages("wsdl/eucalyptus_nc.wsdl");
    final SchemaMessages sc = new SchemaMessages("wsdl/eucalyptus_sc.wsdl");
    /** Volume and snapshot ids sent in creations: the ids other SC operations name. */
    final List<String> volumes = new ArrayList<>(List.of("vol-12345678"));
    final List<String> snapshots = new ArrayList<>(List.of("snap-12345678"));
    /** Instance ids sent in launches: the ids other operations name. */
    final List<String> launched = new ArrayList<>(List.of("i-12345678"));

    Fuzz(Mutations m, SignedEnvelopes signer, Enrolled e, int ncPort, boolean managed, boolean withSc)
        throws Exception {
      this.m = m;
      this.signer = signer;
      this.e = e;
      this.ncPort = ncPort;
      this.managed = managed;
      this.withSc = withSc;
    }

    /** Every operation of both contracts once, signed by its caller, each field its seed unchanged. */
    List<Request> plain() {
      List<Request> all = new ArrayList<>();
      for (String op : cc.operations()) {
        String action = "EucalyptusCC#" + op;
        all.add(new Request("cc", op, "signed", action, signer.sign(e.cloud(), action, cc.body(op, m, this::seed, true))));
      }
      for (String op : nc.operations()) {
        String action = "EucalyptusNC#" + op;
        all.add(new Request("nc", op, "signed", action, signer.sign(e.cluster(), action, nc.body(op, m, this::seed,
            true))));
      }
      if (withSc) {
        for (String op : sc.operations()) {
          String action = "EucalyptusSC#" + op;
          all.add(new Request("sc", op, "signed", action, signer.sign(e.cloud(), action, sc.body(op, m,
              this::scSeed, true))));
        }
      }
      return all;
    }

    Request next() {
      if (withSc && m.chance(25)) {
        return nextToSc();
      }
      boolean toCc = m.chance(55);
      String who = toCc ? "cc" : "nc";
      SchemaMessages schema = toCc ? cc : nc;
      String op = m.chance(2) ? (toCc ? "NoSuchOperation" : "ncNoSuchOperation") : m.pick(schema.operations());
      String body = schema.body(op, m, this::seed);
      String action = (toCc ? "EucalyptusCC#" : "EucalyptusNC#") + op;
      SigningIdentity caller = toCc ? e.cloud() : e.cluster();
      int kind = m.rnd.nextInt(100);
      if (kind < 72) {
        byte[] signed = signer.sign(caller, action, body);
        return new Request(who, op, "signed", soapAction(action, op), signed);
      }
      if (kind < 78) {
        // Changed after signing: the signature no longer holds.
        byte[] signed = signer.sign(caller, action, body);
        if (signed == null) {
          return new Request(who, op, "tampered", action, null);
        }
        String text = new String(signed, StandardCharsets.UTF_8);
        text = text.replaceFirst(">[^<]{1,40}</" + (m.chance(50) ? "" : "[a-zA-Z]+>"),
            Matcher.quoteReplacement(">" + Mutations.xmlText(m.value("tampered")) + "</"));
        return new Request(who, op, "tampered", action, text.getBytes(StandardCharsets.UTF_8));
      }
      if (kind < 82) {
        return new Request(who, op, "stranger", action, signer.sign(e.stranger(), action, body));
      }
      String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
          + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
      byte[] payload = switch (m.rnd.nextInt(7)) {
        case 0 -> m.bytes(m.rnd.nextInt(300));
        case 1 -> envelope.substring(0, m.rnd.nextInt(envelope.length())).getBytes(StandardCharsets.UTF_8);
        case 2 -> envelope.replace("soapenv:Body", "soapenv:Bodyy").getBytes(StandardCharsets.UTF_8);
        case 3 -> ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + envelope.replace("</" + op + ">", "&x;</" + op + ">")).getBytes(StandardCharsets.UTF_8);
        case 4 -> envelope.replace("<soapenv:Body>", "<soapenv:Header><wsse:Security xmlns:wsse=\"http://docs.oasis-open"
            + ".org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\"><garbage/></wsse:Security></soapenv:Header>"
            + "<soapenv:Body>").getBytes(StandardCharsets.UTF_8);
        case 5 -> envelope.replace("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")
            .getBytes(StandardCharsets.UTF_8);
        default -> envelope.getBytes(StandardCharsets.UTF_8);
      };
      return new Request(who, op, "unsigned", soapAction(action, op), payload);
    }

    /** As {@link #next}, to the storage controller: its caller is the cloud, a node may not call it. */
    private Request nextToSc() {
      String op = m.chance(2) ? "NoSuchOperation" : m.pick(sc.operations());
      String body = sc.body(op, m, this::scSeed);
      String action = "EucalyptusSC#" + op;
      int kind = m.rnd.nextInt(100);
      if (kind < 75) {
        return new Request("sc", op, "signed", m.chance(95) ? action : m.pick(List.of(op, "", "x#y")),
            signer.sign(e.cloud(), action, body));
      }
      if (kind < 82) {
        byte[] signed = signer.sign(e.cloud(), action, body);
        if (signed == null) {
          return new Request("sc", op, "tampered", action, null);
        }
        String text = new String(signed, StandardCharsets.UTF_8).replaceFirst(">[^<]{1,40}</",
            Matcher.quoteReplacement(">" + Mutations.xmlText(m.value("tampered")) + "</"));
        return new Request("sc", op, "tampered", action, text.getBytes(StandardCharsets.UTF_8));
      }
      if (kind < 88) {
        return new Request("sc", op, "stranger", action, signer.sign(e.stranger(), action, body));
      }
      String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
          + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
      byte[] payload = switch (m.rnd.nextInt(3)) {
        case 0 -> m.bytes(m.rnd.nextInt(300));
        case 1 -> envelope.substring(0, m.rnd.nextInt(envelope.length())).getBytes(StandardCharsets.UTF_8);
        default -> envelope.getBytes(StandardCharsets.UTF_8);
      };
      return new Request("sc", op, "unsigned", action, payload);
    }

    /** The SC's fields: volumes of 1 GiB (sparse files), the ids it was sent, the node's certificate. */
    String scSeed(String op, SchemaMessages.Field f) {
      return switch (f.name()) {
        case "volumeId", "volumeIds" -> op.equals("CreateStorageVolume") && m.chance(50)
            ? remember(volumes, String.format("vol-%08x", m.rnd.nextInt() & 0x7fffffff)) : m.pick(volumes);
        case "snapshotId", "snapshotIds" -> op.equals("CreateStorageSnapshot") && m.chance(50)
            ? remember(snapshots, String.format("snap-%08x", m.rnd.nextInt() & 0x7fffffff)) : m.pick(snapshots);
        case "size" -> "1";
        case "nodeCertificate" -> e.ncCertificate();
        case "nodeAddress" -> "127.0.0.1";
        case "certificate" -> e.scCertificate();
        default -> seed(op, f);
      };
    }

    private static String remember(List<String> ids, String id) {
      if (ids.size() < 100) {
        ids.add(id);
      }
      return id;
    }

    private String soapAction(String action, String op) {
      return m.chance(95) ? action : m.pick(List.of(op, "", "x#y", "EucalyptusCC#RunInstances", "EucalyptusNC#ncPowerDown"));
    }

    /** A plausible value for each field the contracts have, from which {@link Mutations} starts. */
    String seed(String op, SchemaMessages.Field f) {
      return switch (f.name()) {
        case "sinceVersion", "waitMillis" -> null; // a long poll would hold the request for its whole wait
        case "correlationId" -> "c1";
        case "userId" -> "admin";
        case "statusMessage" -> "ok";
        case "return", "force" -> "true";
        case "epoch", "launchIndex" -> "0";
        case "nodeName", "host", "clusterControllers", "remoteHosts" -> "127.0.0.1";
        case "port" -> String.valueOf(op.endsWith("registerNode") || op.endsWith("RegisterNode")
            ? m.pick(List.<Integer>of(ncPort, SPARE_NODE_PORT)).intValue() : ncPort);
        case "instanceId", "instanceIds" -> op.contains("RunInstance") ? fresh() : m.pick(launched);
        case "uuid", "uuids" -> "uuid-" + m.rnd.nextInt(1000);
        case "reservationId" -> "r-12345678";
        case "imageId", "kernelId", "ramdiskId", "id" -> "emi-12345678";
        case "imageURL", "kernelURL", "ramdiskURL", "resourceLocation" -> "http://127.0.0.1:1/bucket/image.manifest.xml";
        case "name" -> m.pick(List.of("m1.small", "c1.medium"));
        case "memory" -> "256";
        case "cores", "maxCount", "minCount" -> "1";
        case "disk" -> "5";
        case "size" -> "1048576";
        case "guestDeviceName" -> "sda1";
        case "format" -> "raw";
        case "type" -> m.pick(List.of("machine", "firewall-open"));
        case "netNames", "netName", "destName", "sourceNames", "groupNames" -> m.pick(List.of("web", "db"));
        case "macAddresses", "privateMacAddress" -> String.format("d0:0d:%02x:%02x:%02x:%02x", m.rnd.nextInt(256),
            m.rnd.nextInt(256), m.rnd.nextInt(256), m.rnd.nextInt(256));
        case "networkIndexList", "networkIndex" -> String.valueOf(9 + m.rnd.nextInt(20));
        case "vlan" -> m.pick(List.of("10", "11"));
        case "userData" -> Base64.getEncoder().encodeToString("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
        case "platform" -> "linux";
        case "expiryTime" -> "2030-01-01T00:00:00Z";
        case "ownerId", "accountId", "userNames", "destUserName" -> ACCOUNT;
        case "keyName" -> "mykey";
        case "nameserver" -> "10.0.0.2";
        case "protocol" -> m.pick(List.of("tcp", "udp", "icmp", "-1"));
        case "portRangeMin", "portRangeMax", "fromPort", "toPort" -> "22";
        case "sourceNets", "sourceCidr" -> "0.0.0.0/0";
        case "subnet" -> "10.10.1.0/27";
        case "gateway" -> "10.10.1.1";
        case "source", "publicIp" -> "10.99.0." + (1 + m.rnd.nextInt(20));
        case "dest", "privateIp" -> "10.10.1." + (9 + m.rnd.nextInt(20));
        case "certificate" -> op.equals("InstallCredentials") ? e.ccCertificate() : e.ncCertificate();
        case "cloudCertificate" -> e.caCertificate();
        case "resourceType" -> "all";
        case "bridge" -> managed ? "br0" : "";
        case "remoteHostPort" -> "4789";
        default -> switch (f.type()) { // a field added later: a value of its type
          case "int", "long" -> "1";
          case "boolean" -> "true";
          case "dateTime" -> "2030-01-01T00:00:00Z";
          default -> "x";
        };
      };
    }

    /** A new instance id of the form the components take, remembered for the operations that name one. */
    private String fresh() {
      String id = String.format("i-%08X", m.rnd.nextInt() & 0x7fffffff);
      if (launched.size() < 200) {
        launched.add(id);
      }
      return id;
    }
  }

  // ---------------------------------------------------------------- set-up and checks

  /** root, the commands, and br_netfilter: else SYSTEM mode (and under CI=true, a failure). */
  private static boolean namespacesAvailable() {
    List<String> missing = new ArrayList<>();
    for (String c : List.of("ip", "iptables", "iptables-restore", "iptables-save", "dnsmasq")) {
      if (java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
          .noneMatch(d -> !d.isEmpty() && java.nio.file.Files.isExecutable(Path.of(d, c)))) {
        missing.add(c);
      }
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    if (!java.nio.file.Files.exists(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables"))) {
      missing.add("br_netfilter");
    }
    if (missing.isEmpty()) {
      return true;
    }
    if ("true".equals(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail("network namespaces need " + missing);
    }
    return false;
  }

  /** As the cloud enrols a cluster and its node: certificates for the keys each made, installed. */
  private Enrolled enrol(ClusterController cc, StorageController sc) throws Exception {
    CloudCa ca = CloudCa.loadOrCreate(tmp.resolve("ca"));
    SigningIdentity cloud = new SigningIdentity(ca.privateKey(), ca.certificate(), ca.certificate());
    EucalyptusCCPortType client = ccClient("http://127.0.0.1:" + cc.port() + ClusterController.PATH, cloud);
    var id = client.describeIdentity(new org.eucalyptus.wsdl.cc.DescribeIdentity());
    X509Certificate ccCert = ca.certifyComponent(ComponentIdentity.CLUSTER, "cluster01", Pem.publicKey(id.getPublicKey()));
    var install = new org.eucalyptus.wsdl.cc.InstallCredentials();
    install.setCertificate(Pem.write(ccCert));
    install.setCloudCertificate(ca.certificatePem());
    client.installCredentials(install);
    var node = client.describeNodeIdentities(new org.eucalyptus.wsdl.cc.DescribeNodeIdentities()).getNodes().get(0);
    assertThat(node.getError()).isNull();
    X509Certificate ncCert = ca.certifyComponent(ComponentIdentity.NODE, node.getHost(),
        Pem.publicKey(node.getPublicKey()));
    var installNode = new org.eucalyptus.wsdl.cc.InstallNodeCredentials();
    installNode.setHost(node.getHost());
    installNode.setPort(node.getPort());
    installNode.setCertificate(Pem.write(ncCert));
    installNode.setCloudCertificate(ca.certificatePem());
    client.installNodeCredentials(installNode);
    // The CC signs its calls to the node with its own key and certificate; the node's own may call neither.
    SigningIdentity cluster = new SigningIdentity(Pem.readPrivateKey(tmp.resolve("cc-keys/cluster-pk.pem")), ccCert,
        ca.certificate());
    SigningIdentity theNode = new SigningIdentity(Pem.readPrivateKey(tmp.resolve("nc-keys/node-pk.pem")), ncCert,
        ca.certificate());
    String scCert = null;
    if (sc != null) { // as the cloud enrols its zone's storage controller
      EucalyptusSCPortType scClient = scClient("http://127.0.0.1:" + sc.port() + org.eucalyptus.sc.ScSettings.PATH, cloud);
      var scId = scClient.describeIdentity(new org.eucalyptus.wsdl.sc.DescribeIdentity());
      scCert = Pem.write(ca.certifyComponent(ComponentIdentity.STORAGE, "sc01", Pem.publicKey(scId.getPublicKey())));
      var installSc = new org.eucalyptus.wsdl.sc.InstallCredentials();
      installSc.setCertificate(scCert);
      installSc.setCloudCertificate(ca.certificatePem());
      scClient.installCredentials(installSc);
    }
    return new Enrolled(cloud, cluster, theNode, Pem.write(ccCert), Pem.write(ncCert), ca.certificatePem(), scCert);
  }

  private static EucalyptusCCPortType ccClient(String url, SigningIdentity who) {
    return WsSecurity.signing(SoapClients.create(EucalyptusCCPortType.class, url, Duration.ofSeconds(5),
        Duration.ofSeconds(30)), () -> Optional.of(who));
  }

  private static EucalyptusSCPortType scClient(String url, SigningIdentity who) {
    return WsSecurity.signing(SoapClients.create(EucalyptusSCPortType.class, url, Duration.ofSeconds(5),
        Duration.ofSeconds(30)), () -> Optional.of(who));
  }

  /** root and tgt: else the fuzz leaves the storage controller out (and under CI=true, a failure). */
  private static boolean storageControllerAvailable() {
    List<String> missing = new ArrayList<>();
    for (String c : List.of("tgtd", "tgtadm")) {
      if (!org.eucalyptus.testfixtures.HostParts.installed(c)) {
        missing.add(c);
      }
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    if (missing.isEmpty()) {
      return true;
    }
    if ("true".equals(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail("the storage controller needs " + missing);
    }
    System.out.println("ComponentSoapFuzzTest: no storage controller here (" + missing + " missing)");
    return false;
  }

  /** A storage controller with its own tgtd on this test's ports and file volumes under the test's directory. */
  private StorageController startSc() throws Exception {
    return new StorageController(EucaConf.of(Map.of("SC_PORT", "0", "SC_BIND_ADDR", "127.0.0.1",
        "SC_VOLUMES_DIR", tmp.resolve("sc").toString(), "SC_KEYS_DIR", tmp.resolve("sc-keys").toString(),
        "SC_ISCSI_PORTAL", "127.0.0.1:" + TGT_ISCSI_PORT, "SC_TGT_CONTROL_PORT", String.valueOf(TGT_CONTROL_PORT),
        "SC_START_TGTD", "Y"))).start();
  }

  /** The SC still serves its cloud: a new volume made, exported to a node, its export ended, deleted. */
  private static void normalVolume(EucalyptusSCPortType sc, String nodeCertificate) throws Exception {
    var create = new org.eucalyptus.wsdl.sc.CreateStorageVolume();
    create.setVolumeId("vol-0f0f0f0f");
    create.setSize(1);
    sc.createStorageVolume(create);
    within(60, "the normal volume available", () -> {
      var d = new org.eucalyptus.wsdl.sc.DescribeStorageVolumes();
      d.getVolumeIds().add("vol-0f0f0f0f");
      var found = sc.describeStorageVolumes(d).getVolumes();
      return !found.isEmpty() && found.get(0).getStatus().equals("available");
    });
    var attach = new org.eucalyptus.wsdl.sc.AttachStorageVolume();
    attach.setVolumeId("vol-0f0f0f0f");
    attach.setInstanceId("i-0f0f0f0f");
    attach.setNodeCertificate(nodeCertificate);
    attach.setNodeAddress("127.0.0.1");
    assertThat(sc.attachStorageVolume(attach).getVolume().getRemoteDev()).isNotBlank();
    var detach = new org.eucalyptus.wsdl.sc.DetachStorageVolume();
    detach.setVolumeId("vol-0f0f0f0f");
    detach.setInstanceId("i-0f0f0f0f");
    sc.detachStorageVolume(detach);
    var delete = new org.eucalyptus.wsdl.sc.DeleteStorageVolume();
    delete.setVolumeId("vol-0f0f0f0f");
    sc.deleteStorageVolume(delete);
  }

  private static EucalyptusNCPortType ncClient(String url, SigningIdentity who) {
    return WsSecurity.signing(SoapClients.create(EucalyptusNCPortType.class, url, Duration.ofSeconds(5),
        Duration.ofSeconds(30)), () -> Optional.of(who));
  }

  private static void awaitNodeSized(EucalyptusCCPortType cc) throws Exception {
    within(30, "the node sized", () -> cc.describeNodes(new org.eucalyptus.wsdl.cc.DescribeNodes()).getNodes()
        .stream().anyMatch(n -> n.getState().equals("UP")));
  }

  /** Every instance either component knows of is terminated, and gone from the node. */
  private static void terminateEverything(EucalyptusCCPortType cc, EucalyptusNCPortType nc) throws Exception {
    var t = new org.eucalyptus.wsdl.cc.TerminateInstances();
    for (var i : cc.describeInstances(new org.eucalyptus.wsdl.cc.DescribeInstances()).getInstances()) {
      t.getInstanceIds().add(i.getInstanceId());
    }
    if (!t.getInstanceIds().isEmpty()) {
      cc.terminateInstances(t);
    }
    within(60, "every instance gone from the node", () -> {
      var live = nc.ncDescribeInstances(new org.eucalyptus.wsdl.nc.NcDescribeInstances()).getInstances().stream()
          .filter(i -> !i.getStateName().equals("Teardown")).toList();
      for (var i : live) {
        var nt = new org.eucalyptus.wsdl.nc.NcTerminateInstance();
        nt.setInstanceId(i.getInstanceId());
        nt.setForce(true);
        try {
          nc.ncTerminateInstance(nt);
        } catch (org.eucalyptus.wsdl.types.EucalyptusFault_Exception gone) {
          // ended meanwhile
        }
      }
      return live.isEmpty();
    });
  }

  /** A well-formed launch through the CC, running on the node, then terminated: the components still work. */
  private static void normalLaunch(EucalyptusCCPortType cc, EucalyptusNCPortType nc, boolean managed) throws Exception {
    var run = new org.eucalyptus.wsdl.cc.RunInstances();
    run.setImageId("emi-00000001");
    run.setReservationId("r-00000001");
    run.getInstanceIds().add("i-0F0F0F0F");
    run.setMinCount(1);
    run.setMaxCount(1);
    run.setOwnerId(ACCOUNT);
    run.setAccountId(ACCOUNT);
    var vm = new org.eucalyptus.wsdl.types.VirtualMachineType();
    vm.setName("m1.small");
    vm.setCores(1);
    vm.setMemory(128);
    vm.setDisk(1);
    run.setInstanceType(vm);
    if (managed) {
      var start = new org.eucalyptus.wsdl.cc.StartNetwork();
      start.setVlan(12);
      start.setNetName("normal");
      start.setAccountId(ACCOUNT);
      cc.startNetwork(start);
      run.setVlan(12);
      run.getNetNames().add("normal");
    }
    var launched = cc.runInstances(run).getInstances();
    assertThat(launched).hasSize(1);
    assertThat(launched.get(0).getStateName()).as(launched.get(0).getStateReason()).isNotEqualTo("Teardown");
    within(30, "the normal instance running", () -> nc.ncDescribeInstances(
        new org.eucalyptus.wsdl.nc.NcDescribeInstances()).getInstances().stream()
        .anyMatch(i -> i.getInstanceId().equals("i-0F0F0F0F") && i.getStateName().equals("Extant")));
    assertThat(cc.describeResources(new org.eucalyptus.wsdl.cc.DescribeResources()).getNodes()).isNotEmpty();
  }

  private static void within(int seconds, String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!check.call()) {
      assertThat(System.nanoTime()).as(what + " within " + seconds + " s").isLessThan(end);
      Thread.sleep(200);
    }
  }

  /** The libvirt test driver's domains in this process (its state is shared by every connection to it). */
  static final class TestDriver {
    static void requireOrSkip() {
      try {
        new org.libvirt.Connect("test:///default", false).close();
      } catch (Throwable e) {
        String why = "libvirt is not usable here (" + e + "); apt-get install libvirt0";
        if ("true".equals(System.getenv("CI"))) {
          org.junit.jupiter.api.Assertions.fail(why);
        }
        org.junit.jupiter.api.Assumptions.abort(why);
      }
    }

    static Set<String> domainNames() throws Exception {
      org.libvirt.Connect c = new org.libvirt.Connect("test:///default", true);
      try {
        Set<String> names = new HashSet<>();
        for (int id : c.listDomains()) {
          names.add(c.domainLookupByID(id).getName());
        }
        names.addAll(List.of(c.listDefinedDomains()));
        return new java.util.TreeSet<>(names);
      } finally {
        c.close();
      }
    }
  }
}
