package org.eucalyptus.common.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses documents that come from outside (request bodies, manifests): namespace aware, no
 * DOCTYPE (so no entities and nothing fetched), and quiet. A parser left with its default error
 * handler prints every malformed document as a {@code [Fatal Error]} line on stderr, which anyone
 * who can send a body can fill; here the error is only raised, for the caller to answer with.
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
