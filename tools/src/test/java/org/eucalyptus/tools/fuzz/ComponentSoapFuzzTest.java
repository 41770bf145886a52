package org.eucalyptus.tools.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.cc.ClusterController;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.nc.NodeController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster and node controllers' SOAP endpoints (libvirt's test driver under the NC) under
 * mutated requests: garbage, cut and malformed envelopes, and their describing operations with
 * mutated fields (and values of the wrong type). Operations that change a host's network or
 * start guests are left out, as this runs on a shared machine as root; unenrolled components take
 * unsigned requests, so these reach the operations. Every answer must be a SOAP envelope, a fault
 * must be the client's, and no Java exception text may show.
 */
class ComponentSoapFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 20261204L);
  static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.component.seconds", 15));
  static final String NS = "http://eucalyptus.ucsb.edu/";

  @TempDir Path tmp;

  @Test
  void clusterAndNodeControllersAnswerMutatedSoapWithEnvelopes() throws Exception {
    libvirtOrSkip();
    Mutations m = new Mutations(SEED);
    Answers answers = new Answers();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (NodeController nc = new NodeController(EucaConf.of(Map.of("NC_PORT", "0", "NC_BIND_ADDR", "127.0.0.1",
        "HYPERVISOR", "test", "INSTANCE_PATH", tmp.resolve("nc").toString(), "MAX_CORES", "2", "MAX_MEM", "1024",
        "MAX_DISK", "10", "NC_KEYS_DIR", tmp.resolve("nc-keys").toString()))).start();
         ClusterController cc = new ClusterController(EucaConf.of(Map.of("CC_PORT", "0", "CC_BIND_ADDR", "127.0.0.1",
             "NODES", "127.0.0.1:" + nc.port(), "CC_STATE_DIR", tmp.resolve("cc").toString(),
             "CC_KEYS_DIR", tmp.resolve("cc-keys").toString()))).start()) {
      Map<String, String> endpoints = new LinkedHashMap<>();
      endpoints.put("cc", "http://127.0.0.1:" + cc.port() + ClusterController.PATH);
      endpoints.put("nc", "http://127.0.0.1:" + nc.port() + "/axis2/services/EucalyptusNC");
      Map<String, List<String>> operations = Map.of(
          "cc", List.of("DescribeResources", "DescribeInstances", "DescribeNetworks", "DescribePublicAddresses",
              "DescribeNodes", "DescribeIdentity", "DescribeNodeIdentities", "GetConsoleOutput", "NoSuchOperation"),
          "nc", List.of("ncDescribeResource", "ncDescribeInstances", "ncDescribeIdentity", "ncGetConsoleOutput",
              "ncNoSuchOperation"));
      // Every message's own fields (eucalyptusMessage), and now and then one of another operation.
      List<String> fields = List.of("correlationId=c1", "userId=admin", "epoch=1", "nodeName=127.0.0.1",
          "return=true");
      // (Never sinceVersion/waitMillis: a long poll would hold the request for its whole wait.)
      Map<String, String> own = Map.of("DescribeInstances", "instanceIds=i-12345678", "ncDescribeInstances",
          "instanceIds=i-12345678", "ncDescribeResource", "resourceType=all", "DescribeResources", "instanceTypes",
          "GetConsoleOutput", "instanceId=i-12345678", "ncGetConsoleOutput", "instanceId=i-12345678");
      List<String> others = List.of("instanceIds=i-12345678",
          "instanceId=i-12345678", "resourceType=all", "instanceTypes");
      long end = System.nanoTime() + BUDGET.toNanos();
      int sent = 0;
      Map<String, Integer> faults = new java.util.TreeMap<>();
      while (System.nanoTime() < end) {
        String who = m.chance(50) ? "cc" : "nc";
        String op = m.pick(operations.get(who));
        StringBuilder body = new StringBuilder("<" + op + " xmlns=\"" + NS + "\">");
        List<String> chosen = new java.util.ArrayList<>(fields);
        if (own.containsKey(op)) {
          chosen.add(own.get(op));
        }
        if (m.chance(10)) {
          chosen.add(m.pick(others));
        }
        for (String f : chosen) {
          if (!m.chance(50)) {
            continue;
          }
          if (f.equals("instanceTypes")) {
            body.append("<instanceTypes><name>").append(Mutations.xmlText(m.value("m1.small"))).append("</name><memory>")
                .append(Mutations.xmlText(m.value("256"))).append("</memory><cores>").append(Mutations.xmlText(m.value("1")))
                .append("</cores><disk>").append(Mutations.xmlText(m.value("5"))).append("</disk></instanceTypes>");
            continue;
          }
          String[] kv = f.split("=", 2);
          body.append('<').append(kv[0]).append('>').append(Mutations.xmlText(m.value(kv[1]))).append("</").append(kv[0])
              .append('>');
        }
        body.append("</").append(op).append('>');
        String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
        byte[] payload = switch (m.rnd.nextInt(10)) {
          case 0 -> m.bytes(m.rnd.nextInt(300));
          case 1 -> envelope.substring(0, m.rnd.nextInt(envelope.length())).getBytes(StandardCharsets.UTF_8);
          case 2 -> envelope.replace("soapenv:Body", "soapenv:Bodyy").getBytes(StandardCharsets.UTF_8);
          case 3 -> ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
              + envelope.replace("</" + op, "&x;</" + op)).getBytes(StandardCharsets.UTF_8);
          default -> envelope.getBytes(StandardCharsets.UTF_8);
        };
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.get(who)))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=UTF-8")
            .header("SOAPAction", m.chance(90) ? (who.equals("cc") ? "EucalyptusCC#" : "EucalyptusNC#") + op
                : m.pick(List.of(op, "", "x#y", "EucalyptusCC#RunInstances")))
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        java.util.regex.Matcher fm = java.util.regex.Pattern.compile("<faultstring>([^<]{0,40})")
            .matcher(new String(r.body(), StandardCharsets.UTF_8));
        if (fm.find()) {
          if (faults.merge(fm.group(1), 1, Integer::sum) <= 2 && Boolean.getBoolean("fuzz.debug")) {
            System.out.println("DEBUG " + fm.group(1) + " <- " + Safe.show(new String(payload, StandardCharsets.UTF_8),
                500));
          }
        }
        answers.soap(who + "-soap", Safe.show(new String(payload, StandardCharsets.UTF_8), 400), r.statusCode(),
            r.body());
        sent++;
      }
      System.out.printf("ComponentSoapFuzzTest: seed %d, %d requests: %s; findings %s; faults %s%n", SEED, sent,
          answers.counts(), answers.findingKinds(), faults);
      assertThat(answers.findings()).as("seed " + SEED).isEmpty();
      assertThat(sent).isGreaterThan(100);
    }
  }

  /** As the other NC tests: skips with the reason without libvirt's library, fails under CI=true. */
  private static void libvirtOrSkip() {
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
}
