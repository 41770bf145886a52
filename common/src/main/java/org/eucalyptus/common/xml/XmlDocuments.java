package org.eucalyptus.common.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses documents that come from outside (request bodies, manifests): namespace aware, no
 * DOCTYPE (so no entities and nothing fetched), and quiet. A parser left with its default error
 * handler prints every malformed document as a {@code [Fatal Error]} line on stderr, which anyone
 * who can send a body can fill; here the error is only raised, for the caller to answer with.
 *
 * <p>Also the few reading helpers clients need for the flat documents EC2, IAM and S3 answer with:
 * elements found by local name, in any namespace, in document order.
 */
public final class XmlDocuments {
  /** Raises errors, keeps warnings to itself, prints nothing. */
  private static final ErrorHandler QUIET = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
      // nothing a caller could act on
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private XmlDocuments() {}

  public static Document parse(byte[] xml) throws SAXException, IOException {
    return builder().parse(new ByteArrayInputStream(xml));
  }

  public static Document parse(String xml) throws SAXException, IOException {
    return builder().parse(new InputSource(new StringReader(xml)));
  }

  /** The document, or empty when {@code xml} is not a well-formed document (an HTML error page, a cut body). */
  public static Optional<Document> tryParse(String xml) {
    if (xml == null || xml.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(xml));
    } catch (SAXException | IOException e) {
      return Optional.empty();
    }
  }

  /** Every element below {@code scope} named {@code localName} (any namespace), in document order. */
  public static List<Element> elements(Node scope, String localName) {
    NodeList found = scope instanceof Document d ? d.getElementsByTagNameNS("*", localName)
        : ((Element) scope).getElementsByTagNameNS("*", localName);
    List<Element> out = new ArrayList<>(found.getLength());
    for (int i = 0; i < found.getLength(); i++) {
      out.add((Element) found.item(i));
    }
    return out;
  }

  /**
   * The texts of the elements below {@code scope} named {@code localName} that hold only text
   * (an empty one gives ""), in document order: the values of a flat response's fields.
   */
  public static List<String> texts(Node scope, String localName) {
    List<String> out = new ArrayList<>();
    for (Element e : elements(scope, localName)) {
      if (!hasChildElements(e)) {
        out.add(e.getTextContent());
      }
    }
    return out;
  }

  /** The first of {@link #texts}, or null when there is none. */
  public static String text(Node scope, String localName) {
    List<String> t = texts(scope, localName);
    return t.isEmpty() ? null : t.get(0);
  }

  private static boolean hasChildElements(Element e) {
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        return true;
      }
    }
    return false;
  }

  /** A new builder (they are not thread-safe) set up as above. */
  public static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(QUIET);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a standard feature: " + e.getMessage(), e);
    }
  }
}
