package org.eucalyptus.common.xml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming XML builder for API responses: elements, escaped text, nothing else. Faster and
 * plainer than a DOM for the flat shapes EC2 and S3 answer with. It cannot write an invalid
 * document: a character XML 1.0 cannot carry, or a bad element name, throws
 * {@link InvalidXmlCharacterException} before anything is sent.
 */
public final class XmlWriter {
  private final StringBuilder sb = new StringBuilder(512);
  private final Deque<String> open = new ArrayDeque<>();

  public XmlWriter() {
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  /** Opens the root element with a default namespace. */
  public XmlWriter root(String name, String namespace) {
    checkName(name);
    sb.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
    open.push(name);
    return this;
  }

  public XmlWriter start(String name) {
    checkName(name);
    sb.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  /** Closes open elements until only {@code depth} remain open. */
  public XmlWriter endUntil(int depth) {
    while (open.size() > depth) {
      end();
    }
    return this;
  }

  public XmlWriter end() {
    sb.append("</").append(open.pop()).append('>');
    return this;
  }

  /** {@code <name>text</name>}; a null value writes nothing. */
  public XmlWriter element(String name, Object value) {
    if (value == null) {
      return this;
    }
    checkName(name);
    sb.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name).append('>');
    return this;
  }

  /** {@code <name/>} or {@code <name>text</name>}: for elements a client expects even when empty. */
  public XmlWriter elementOrEmpty(String name, Object value) {
    if (value == null || value.toString().isEmpty()) {
      checkName(name);
      sb.append('<').append(name).append("/>");
      return this;
    }
    return element(name, value);
  }

  public XmlWriter empty(String name) {
    checkName(name);
    sb.append('<').append(name).append("/>");
    return this;
  }

  @Override
  public String toString() {
    while (!open.isEmpty()) {
      end();
    }
    return sb.toString();
  }

  /**
   * {@code s} as XML text or attribute value. CR is written as a reference so that a parser's
   * line-end normalisation keeps it.
   *
   * @throws InvalidXmlCharacterException if {@code s} holds a character XML 1.0 cannot carry
   */
  public static String escape(String s) {
    int bad = XmlChars.firstUnwritable(s);
    if (bad >= 0) {
      throw new InvalidXmlCharacterException("the text holds " + XmlChars.describe(s, bad) + " at position " + bad
          + ", which XML 1.0 cannot carry");
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '&' -> "&amp;";
        case '"' -> "&quot;";
        case '\'' -> "&apos;";
        case '\r' -> "&#xD;";
        default -> null;
      };
      if (rep != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(rep);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Element names are code's, but a name built from input (an action's) must still be a name. */
  private static void checkName(String name) {
    boolean ok = !name.isEmpty() && (Character.isLetter(name.charAt(0)) || name.charAt(0) == '_');
    for (int i = 1; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = c < 0x80 ? Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':'
          : Character.isLetterOrDigit(c);
    }
    if (!ok) {
      throw new InvalidXmlCharacterException("'" + XmlChars.printable(name, 64) + "' is not an XML element name");
    }
  }
}
