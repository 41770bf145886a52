package org.eucalyptus.common.xml;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A small streaming XML builder on the JDK's StAX writer: elements, attributes, namespaces and
 * escaped text. Faster and plainer than a DOM for the flat shapes EC2 and S3 answer with. It cannot
 * write an invalid document: a character XML 1.0 cannot carry, or a bad name, throws
 * {@link InvalidXmlCharacterException} before anything is sent.
 *
 * <p>Text is escaped as the API responses always were ({@code < > & " '} and CR as references, so
 * a parser gives back exactly the text written). An attribute value may not hold a tab or a line
 * end: every parser turns those into spaces, so the value would not come back as written.
 */
public final class XmlWriter {
  private static final String INDENT = "  ";

  private final StringWriter out = new StringWriter(512);
  private final XMLStreamWriter xml;
  private final boolean indented;
  /** Open elements, innermost first: their names and whether each has child elements yet. */
  private final Deque<String> open = new ArrayDeque<>();
  private final Deque<Boolean> hasChildren = new ArrayDeque<>();
  /** Whether the element just started may still take attributes and namespace declarations. */
  private boolean startTagOpen;
  private boolean anyElement;
  /** The document, once {@link #toString()} or {@link #document()} finished it. */
  private CharSequence finished;
  /** The document so far as UTF-8, from the first fragment on (null before); then {@link #out} holds only what follows. */
  private byte[] bytes;
  private int byteCount;

  /** A document with the XML declaration, written compactly (API responses). */
  public XmlWriter() {
    this(true, false);
  }

  private XmlWriter(boolean declaration, boolean indented) {
    this.indented = indented;
    try {
      // The JDK's own writer, whatever else (a Woodstox of CXF's) the class path offers.
      this.xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
      if (declaration) {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
      }
    } catch (XMLStreamException e) {
      throw new IllegalStateException("the JDK's XML writer cannot write to a string: " + e.getMessage(), e);
    }
  }

  /**
   * A document without the XML declaration, each element on a line of its own and indented by two
   * spaces, ending with a line end: for documents people read too (libvirt domain definitions).
   */
  public static XmlWriter indented() {
    return new XmlWriter(false, true);
  }

  /**
   * A writer of one element, without the XML declaration, written compactly: for a part rendered
   * once and put into many documents by {@link #fragment(Fragment)}.
   */
  public static XmlWriter part() {
    return new XmlWriter(false, false);
  }

  /**
   * A finished element from {@link #part()}: checked when written, so it can be copied as it is;
   * kept as UTF-8, the form it is copied into answers in.
   */
  public static final class Fragment {
    private final byte[] utf8;

    private Fragment(String xml) {
      this.utf8 = xml.getBytes(StandardCharsets.UTF_8);
    }

    /** Its size in bytes, e.g. for what it costs to keep. */
    public int size() {
      return utf8.length;
    }

    @Override
    public String toString() {
      return new String(utf8, StandardCharsets.UTF_8);
    }
  }

  /** This writer's one element, finished, as a fragment to put into other documents. */
  public Fragment toFragment() {
    if (indented) {
      throw new IllegalStateException("an indented document is not a fragment");
    }
    return new Fragment(toString());
  }

  /**
   * Writes a fragment as a child of the open element (or as the root), copying its bytes: from the
   * first fragment on, the document is assembled as UTF-8 ({@link #document()}).
   */
  public XmlWriter fragment(Fragment f) {
    if (indented) {
      throw new IllegalStateException("fragments go into compact documents only");
    }
    beforeChild();
    return write(() -> {
      xml.writeCharacters(""); // closes a pending start tag
      xml.flush();
      moveTextToBytes();
      appendBytes(f.utf8, f.utf8.length);
    });
  }

  /** What the StAX writer wrote since the last fragment, encoded onto the assembled bytes. */
  private void moveTextToBytes() {
    StringBuffer text = out.getBuffer();
    if (text.length() > 0) {
      byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
      appendBytes(b, b.length);
      text.setLength(0);
    }
  }

  private void appendBytes(byte[] b, int length) {
    if (bytes == null) {
      bytes = new byte[Math.max(8192, length * 2)];
    } else if (byteCount + length > bytes.length) {
      bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, byteCount + length));
    }
    System.arraycopy(b, 0, bytes, byteCount, length);
    byteCount += length;
  }

  /** Opens an element (the root, mostly) that declares the default namespace for itself and its descendants. */
  public XmlWriter root(String name, String namespace) {
    start(name);
    checkText(namespace);
    return write(() -> xml.writeDefaultNamespace(namespace));
  }

  public XmlWriter start(String name) {
    checkName(name);
    beforeChild();
    write(() -> xml.writeStartElement(name));
    open.push(name);
    hasChildren.push(false);
    startTagOpen = true;
    return this;
  }

  /**
   * Declares {@code prefix} for {@code namespace} on the element just started, for its prefixed
   * names ({@code xsi:type}) and those of its descendants.
   */
  public XmlWriter namespace(String prefix, String namespace) {
    checkName(prefix);
    checkText(namespace);
    requireStartTag("a namespace declaration");
    return write(() -> {
      xml.writeNamespace(prefix, namespace);
      xml.setPrefix(prefix, namespace);
    });
  }

  /** An attribute of the element just started; a null value writes nothing. */
  public XmlWriter attribute(String name, Object value) {
    if (value == null) {
      return this;
    }
    checkName(name);
    requireStartTag("attribute " + name);
    String v = attributeValue(name, value);
    return write(() -> xml.writeAttribute(name, v));
  }

  /**
   * An attribute in {@code namespace} of the element just started, with the prefix declared for it
   * by {@link #namespace} here or on an enclosing element; a null value writes nothing.
   */
  public XmlWriter attribute(String namespace, String localName, Object value) {
    if (value == null) {
      return this;
    }
    checkName(localName);
    requireStartTag("attribute " + localName);
    String v = attributeValue(localName, value);
    String prefix;
    try {
      prefix = xml.getPrefix(namespace);
    } catch (XMLStreamException e) {
      prefix = null;
    }
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalStateException("no prefix is declared for " + namespace + " (attribute " + localName + ")");
    }
    String p = prefix;
    return write(() -> xml.writeAttribute(p, namespace, localName, v));
  }

  /** Escaped text inside the open element; a null value writes nothing. */
  public XmlWriter text(Object value) {
    if (value == null) {
      return this;
    }
    if (open.isEmpty()) {
      throw new IllegalStateException("text needs an open element");
    }
    String s = value.toString();
    checkText(s);
    startTagOpen = false;
    return write(() -> writeEscaped(s));
  }

  /** Closes open elements until only {@code depth} remain open. */
  public XmlWriter endUntil(int depth) {
    while (open.size() > depth) {
      end();
    }
    return this;
  }

  public XmlWriter end() {
    if (open.isEmpty()) {
      throw new IllegalStateException("no element is open");
    }
    open.pop();
    boolean children = hasChildren.pop();
    startTagOpen = false;
    if (indented && children) {
      newLine(open.size());
    }
    return write(xml::writeEndElement);
  }

  /** {@code <name>text</name>}; a null value writes nothing. */
  public XmlWriter element(String name, Object value) {
    if (value == null) {
      return this;
    }
    checkText(value.toString()); // refused before the start tag is out
    return start(name).text(value).end();
  }

  /** {@code <name/>} or {@code <name>text</name>}: for elements a client expects even when empty. */
  public XmlWriter elementOrEmpty(String name, Object value) {
    if (value == null || value.toString().isEmpty()) {
      return empty(name);
    }
    return element(name, value);
  }

  /** {@code <name/>}; attributes may follow. */
  public XmlWriter empty(String name) {
    checkName(name);
    beforeChild();
    write(() -> xml.writeEmptyElement(name));
    startTagOpen = true;
    return this;
  }

  /** Closes what is open and returns the document; nothing can be written after. */
  @Override
  public String toString() {
    return document().toString();
  }

  /**
   * Closes what is open and returns the document, held as UTF-8 bytes if it was assembled so (it
   * holds fragments) and as a string otherwise; nothing can be written after.
   */
  public CharSequence document() {
    if (finished == null) {
      endUntil(0);
      write(() -> {
        xml.writeEndDocument();
        xml.flush();
      });
      if (bytes == null) {
        finished = indented ? out + "\n" : out.toString();
      } else {
        moveTextToBytes();
        finished = new Utf8Document(bytes, byteCount);
      }
    }
    return finished;
  }

  /**
   * {@code s} as XML text or attribute value. CR is written as a reference so that a parser's
   * line-end normalisation keeps it.
   *
   * @throws InvalidXmlCharacterException if {@code s} holds a character XML 1.0 cannot carry
   */
  public static String escape(String s) {
    checkText(s);
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

  /**
   * The StAX writer escapes {@code < > &}; quotes and CR go out as references too, as
   * {@link #escape} writes them, so responses read exactly as they always did.
   */
  private void writeEscaped(String s) throws XMLStreamException {
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      String ref = switch (s.charAt(i)) {
        case '"' -> "quot";
        case '\'' -> "apos";
        case '\r' -> "#xD";
        default -> null;
      };
      if (ref != null) {
        if (i > from) {
          xml.writeCharacters(s.substring(from, i));
        }
        xml.writeEntityRef(ref);
        from = i + 1;
      }
    }
    if (from < s.length() || s.isEmpty()) {
      xml.writeCharacters(s.substring(from));
    }
  }

  /** Marks the parent as having children and, when indenting, starts the child's line. */
  private void beforeChild() {
    if (finished != null) {
      throw new IllegalStateException("the document is finished");
    }
    if (open.isEmpty() && anyElement) {
      throw new IllegalStateException("a document has one root element");
    }
    if (indented && !open.isEmpty()) {
      hasChildren.pop();
      hasChildren.push(true);
      newLine(open.size());
    }
    anyElement = true;
    startTagOpen = false;
  }

  private void newLine(int depth) {
    write(() -> xml.writeCharacters("\n" + INDENT.repeat(depth)));
  }

  private void requireStartTag(String what) {
    if (!startTagOpen) {
      throw new IllegalStateException(what + " must follow its element's start, before any content");
    }
  }

  private static String attributeValue(String name, Object value) {
    String v = value.toString();
    checkText(v);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        throw new InvalidXmlCharacterException("the value of attribute " + name + " holds "
            + XmlChars.describe(v, i) + " at position " + i + ", which a parser would read as a space");
      }
    }
    return v;
  }

  private static void checkText(String s) {
    int bad = XmlChars.firstUnwritable(s);
    if (bad >= 0) {
      throw new InvalidXmlCharacterException("the text holds " + XmlChars.describe(s, bad) + " at position " + bad
          + ", which XML 1.0 cannot carry");
    }
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

  private interface StaxCall {
    void run() throws XMLStreamException;
  }

  /** Runs a StAX call; writing to a string fails only on a misuse, which is a bug here. */
  private XmlWriter write(StaxCall call) {
    try {
      call.run();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the XML: " + e.getMessage(), e);
    }
    return this;
  }
}
