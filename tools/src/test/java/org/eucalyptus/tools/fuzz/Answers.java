package org.eucalyptus.tools.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What every answer to a fuzzed request must be: no 5xx (but ServiceUnavailable), no Java
 * exception text, and a document of its protocol that parses. Findings are collected, counted by
 * kind, and reported together at the end.
 */
final class Answers {
  /** Class names, exception names and stack frames: what a client must never see. */
  private static final Pattern JAVA_TEXT = Pattern.compile(
      "java\\.|javax\\.|jakarta\\.|org\\.apache\\.|org\\.eucalyptus\\.|com\\.ctc\\.|org\\.hibernate|org\\.h2\\."
          + "|Exception|\\sat [a-zA-Z_$][\\w$]*\\.[\\w$.]+\\(|\\.java:\\d+");

  /** The components' codes for a request wrong as sent (common/…/soap/SenderFaults makes them soap:Client). */
  private static final java.util.Set<String> SENDER_CODES = java.util.Set.of("InvalidParameter",
      "InvalidParameterValue", "InstanceNotFound", "InstanceAlreadyExists", "InvalidCredentials", "IncorrectState",
      "UnsupportedOperation", "VolumeNotFound", "SnapshotNotFound");

  private final List<String> findings = new ArrayList<>();
  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<String, Integer> findingKinds = new TreeMap<>();

  void count(String target, int status) {
    counts.merge(target + " " + status, 1, Integer::sum);
  }

  Map<String, Integer> counts() {
    return counts;
  }

  List<String> findings() {
    return findings;
  }

  Map<String, Integer> findingKinds() {
    return findingKinds;
  }

  void finding(String kind, String request, int status, String body) {
    int seen = findingKinds.merge(kind, 1, Integer::sum);
    if (seen <= 3 && findings.size() < 60) {
      findings.add(kind + ": " + Safe.show(request, 600) + "\n  -> " + status + " " + Safe.show(body, 800));
    }
  }

  /**
   * An EC2/IAM/admin Query answer: {@code <XResponse>} on success, an error document otherwise.
   *
   * @param bodyExpected 0 for an answer to HEAD, which may have no body
   */
  void query(String target, String request, int bodyExpected, int status, byte[] body) {
    count(target, status);
    String text = new String(body, StandardCharsets.UTF_8);
    if (!common(target, request, status, text) || (bodyExpected == 0 && body.length == 0)) {
      return; // (an answer to HEAD has no body)
    }
    Document d = parse(body);
    if (d == null) {
      finding(target + " unparseable", request, status, text);
      return;
    }
    String root = d.getDocumentElement().getLocalName();
    boolean ok = status == 200 ? root.endsWith("Response") && !root.equals("ErrorResponse")
        : root.equals("Response") || root.equals("ErrorResponse");
    if (!ok || (status != 200 && d.getElementsByTagNameNS("*", "Code").getLength() == 0)) {
      finding(target + " not a Query document", request, status, text);
    }
  }

  /** An S3 answer: no body, a non-XML object body, or an S3 XML document ({@code <Error>} when failing). */
  void s3(String target, String request, String method, int status, String contentType, byte[] body) {
    count(target, status);
    String text = new String(body, StandardCharsets.UTF_8);
    boolean xml = contentType != null && contentType.contains("xml");
    if (status < 300 && !xml) {
      return; // object data
    }
    if (status == 501 && method.equals("HEAD")) {
      return; // S3's NotImplemented, without the body a HEAD cannot have
    }
    if (!common(target, request, status, xml ? text : "")) {
      return;
    }
    if (method.equals("HEAD") || status == 304 || (body.length == 0 && status < 300)) {
      return;
    }
    Document d = parse(body);
    if (d == null) {
      finding(target + " unparseable", request, status, text);
      return;
    }
    if (status >= 300 && !d.getDocumentElement().getLocalName().equals("Error")) {
      finding(target + " error not <Error>", request, status, text);
    }
  }

  /** A SOAP answer: an envelope with a Body; faults are 500 by SOAP 1.1, but must be the client's. */
  void soap(String target, String request, int status, byte[] body) {
    count(target, status);
    String text = new String(body, StandardCharsets.UTF_8);
    if (JAVA_TEXT.matcher(text).find()) {
      finding(target + " java text", request, status, aroundJavaText(text));
    }
    Document d = parse(body);
    if (d == null || !d.getDocumentElement().getLocalName().equals("Envelope")) {
      finding(target + " not an envelope", request, status, text);
      return;
    }
    var faults = d.getElementsByTagNameNS("*", "Fault");
    if (faults.getLength() > 0) {
      Element f = (Element) faults.item(0);
      var codes = f.getElementsByTagName("faultcode");
      String code = codes.getLength() == 0 ? "" : codes.item(0).getTextContent();
      // Client.*, WS-Security's own codes, VersionMismatch (not SOAP 1.1): the sender's; Server: ours.
      // The components' own faults carry EucalyptusFault{code}: the code says whose mistake it was.
      var detail = f.getElementsByTagNameNS("*", "EucalyptusFault");
      String componentCode = detail.getLength() == 0 ? null
          : ((Element) detail.item(0)).getElementsByTagNameNS("*", "code").item(0).getTextContent();
      boolean componentClientFault = componentCode != null && !componentCode.equals("InternalError");
      // A component's fault for a request wrong as sent says so in its SOAP code too.
      if (componentCode != null && SENDER_CODES.contains(componentCode) && !code.contains("Client")) {
        finding(target + " sender's fault as " + code, request, status, text);
      }
      if (!code.contains("Client") && !code.contains("wsse:") && !code.endsWith("ServiceUnavailable")
          && !code.endsWith("VersionMismatch") && !componentClientFault) {
        finding(target + " server fault", request, status, text);
      }
    } else if (status >= 300) {
      finding(target + " failure without a fault", request, status, text);
    }
  }

  private boolean common(String target, String request, int status, String text) {
    boolean fine = true;
    // ServiceUnavailable (a full disk; documented), and S3's own NotImplemented for what Walrus does not do.
    if (status >= 500 && !text.contains("<Code>ServiceUnavailable</Code>") && !(status == 501
        && text.contains("<Code>NotImplemented</Code>"))) {
      finding(target + " " + status, request, status, text);
      fine = false;
    }
    if (JAVA_TEXT.matcher(text).find()) {
      finding(target + " java text", request, status, aroundJavaText(text));
      fine = false;
    }
    return fine;
  }

  /** The answer from a little before its first Java text on (a long answer's would be cut off otherwise). */
  private static String aroundJavaText(String text) {
    java.util.regex.Matcher j = JAVA_TEXT.matcher(text);
    return j.find() && j.start() > 200 ? "…" + text.substring(j.start() - 200) : text;
  }

  static Document parse(byte[] body) {
    try {
      return org.eucalyptus.common.xml.XmlDocuments.parse(body); // (quiet: a null handler printed each error)
    } catch (Exception e) {
      return null;
    }
  }
}
