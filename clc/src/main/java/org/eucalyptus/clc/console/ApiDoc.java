package org.eucalyptus.clc.console;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * An API's answer as the console reads it: the response document the user's own request would have
 * got, walked by element names ({@code "reservationSet/item/instancesSet/item"}), namespaces ignored.
 */
final class ApiDoc {
  private static final DocumentBuilderFactory FACTORY = factory();

  private final Element root;

  private ApiDoc(Element root) {
    this.root = root;
  }

  static ApiDoc parse(CharSequence xml) {
    try {
      javax.xml.parsers.DocumentBuilder builder;
      synchronized (FACTORY) { // a factory is not promised to be thread-safe; a builder is used by one thread
        builder = FACTORY.newDocumentBuilder();
      }
      return new ApiDoc(builder.parse(new InputSource(new StringReader(xml.toString()))).getDocumentElement());
    } catch (Exception e) {
      throw new IllegalStateException("unreadable API answer: " + e.getMessage(), e);
    }
  }

  Element root() {
    return root;
  }

  /** The elements at {@code path} below the root. */
  List<Element> all(String path) {
    return all(root, path);
  }

  /** The elements at {@code path} below {@code from}. */
  static List<Element> all(Element from, String path) {
    List<Element> level = List.of(from);
    for (String name : path.split("/")) {
      List<Element> next = new ArrayList<>();
      for (Element e : level) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
          if (c instanceof Element child && name.equals(localName(child))) {
            next.add(child);
          }
        }
      }
      level = next;
    }
    return level;
  }

  /** The text at {@code path} below {@code from}; empty when absent. */
  static String text(Element from, String path) {
    List<Element> found = all(from, path);
    return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
  }

  String text(String path) {
    return text(root, path);
  }

  private static String localName(Element e) {
    String n = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    int colon = n.indexOf(':');
    return colon < 0 ? n : n.substring(colon + 1);
  }

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    try {
      // Our own answers, but read as any XML should be: no DTDs, no external entities.
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    f.setExpandEntityReferences(false);
    return f;
  }
}
