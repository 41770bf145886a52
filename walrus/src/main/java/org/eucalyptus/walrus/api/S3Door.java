package org.eucalyptus.walrus.api;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.xml.XmlChars;

/**
 * What every S3 request must satisfy before any operation (or the database) sees it: no control
 * characters in the bucket, the key, the query or the headers (a key or prefix holding one, once
 * stored, would break every later listing: XML 1.0 cannot carry it), keys of at most 1024 bytes
 * of UTF-8, and stored headers that fit where they are kept.
 */
public final class S3Door {
  static final int MAX_KEY_BYTES = 1024;
  /** The content type is kept in a column of this size. */
  static final int MAX_CONTENT_TYPE = 255;

  private S3Door() {}

  static void check(String bucket, String key, Map<String, String> query, HttpHeaders headers) throws S3Exception {
    if (bucket != null && XmlChars.refusedAt(bucket) >= 0) {
      throw new S3Exception("InvalidBucketName", "The specified bucket is not valid.", HttpResponseStatus.BAD_REQUEST);
    }
    if (key != null) {
      int at = XmlChars.refusedAt(key);
      if (at >= 0) {
        throw invalid("Object keys may not hold control characters (" + XmlChars.describe(key, at) + " at "
            + at + ").");
      }
      if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
        throw new S3Exception("KeyTooLongError", "Your key is too long", HttpResponseStatus.BAD_REQUEST);
      }
    }
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (XmlChars.refusedAt(e.getKey()) >= 0 || XmlChars.refusedAt(e.getValue()) >= 0) {
        throw invalid("The query parameter " + XmlChars.printable(e.getKey(), 64)
            + " may not hold control characters.");
      }
    }
    for (Map.Entry<String, String> h : headers) {
      // Tab is a header's own whitespace; nothing else below a space belongs in a header. (Values
      // arrive as ISO-8859-1, so UTF-8's bytes 0x80-0x9F pass: they are not C1 controls here.)
      if (XmlChars.refusedAt(h.getKey()) >= 0 || XmlChars.firstUnwritable(h.getValue()) >= 0
          || h.getValue().indexOf('\n') >= 0 || h.getValue().indexOf('\r') >= 0) {
        throw invalid("The header " + XmlChars.printable(h.getKey(), 64) + " may not hold control characters.");
      }
    }
    String type = headers.get("Content-Type");
    if (type != null && type.length() > MAX_CONTENT_TYPE) {
      throw invalid("Content-Type is at most " + MAX_CONTENT_TYPE + " characters.");
    }
  }

  /**
   * The location a CreateBucket asks for, checked against those this Walrus serves: none (the
   * default), S3's names for its default region as clients send them ({@code US},
   * {@code us-east-1}), and the cloud's own region (the AWS CLI sends its configured region).
   *
   * @return the location to keep, or null for the default
   */
  public static String location(byte[] body, Set<String> served) throws S3Exception {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    String location;
    try {
      var doc = org.eucalyptus.common.xml.XmlDocuments.parse(body);
      if (!doc.getDocumentElement().getLocalName().equals("CreateBucketConfiguration")) {
        throw malformed();
      }
      var l = doc.getElementsByTagNameNS("*", "LocationConstraint");
      location = l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
    } catch (org.xml.sax.SAXException | java.io.IOException e) {
      throw malformed();
    }
    if (location.isEmpty()) {
      return null;
    }
    if (!served.contains(location)) {
      throw new S3Exception("InvalidLocationConstraint", "The specified location-constraint is not valid: this"
          + " Walrus serves " + String.join(", ", new java.util.TreeSet<>(served)) + " (or none).",
          HttpResponseStatus.BAD_REQUEST);
    }
    return location;
  }

  private static S3Exception malformed() {
    return new S3Exception("MalformedXML", "The XML you provided was not well-formed or did not validate against our"
        + " published schema.", HttpResponseStatus.BAD_REQUEST);
  }

  private static S3Exception invalid(String message) {
    return new S3Exception("InvalidArgument", message, HttpResponseStatus.BAD_REQUEST);
  }
}
