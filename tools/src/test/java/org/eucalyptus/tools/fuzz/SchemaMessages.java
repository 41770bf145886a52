package org.eucalyptus.tools.fuzz;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.common.xml.XmlDocuments;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Request bodies for every operation of one of our WSDLs, generated from its schema: each field
 * of the operation's element (and of the types inside it) present as the schema says (now and
 * then missing, repeated or joined by an unknown one), with a value from the test's seeds that
 * {@link Mutations} mostly changes. So the fuzz reaches every operation the contract has,
 * including ones added later, with bodies that get past the schema often enough to reach the
 * handlers.
 */
final class SchemaMessages {
  static final String XS = "http://www.w3.org/2001/XMLSchema";
  static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";

  /** One field of a type: its name, its type's local name, whether that is a type of the schema's own. */
  record Field(String name, String type, boolean complex, int minOccurs, boolean repeated) {}

  /** What a field's value grows from: {@code null} leaves the field out. */
  interface Seeds {
    String seed(String operation, Field field);
  }

  private final String namespace;
  private final List<String> operations = new ArrayList<>();
  private final Map<String, List<Field>> elements = new LinkedHashMap<>();
  private final Map<String, List<Field>> types = new LinkedHashMap<>();
  private final Map<String, Element> complexTypes = new LinkedHashMap<>();

  SchemaMessages(String wsdlResource) throws Exception {
    Document d = read(wsdlResource);
    namespace = d.getDocumentElement().getAttribute("targetNamespace");
    Element portType = (Element) d.getElementsByTagNameNS(WSDL, "portType").item(0);
    for (Element op : children(portType, WSDL, "operation")) {
      operations.add(op.getAttribute("name"));
    }
    // The WSDL's schema and the schemas it includes (the types the CC's and NC's contracts share).
    Element own = (Element) d.getElementsByTagNameNS(XS, "schema").item(0);
    List<Element> schemas = new ArrayList<>(List.of(own));
    String dir = wsdlResource.substring(0, wsdlResource.lastIndexOf('/') + 1);
    for (Element include : children(own, XS, "include")) {
      schemas.add(read(dir + include.getAttribute("schemaLocation")).getDocumentElement());
    }
    for (Element schema : schemas) {
      for (Element t : children(schema, XS, "complexType")) {
        complexTypes.put(t.getAttribute("name"), t);
        types.put(t.getAttribute("name"), null);
      }
    }
    for (Element schema : schemas) {
      for (Element t : children(schema, XS, "complexType")) {
        types.put(t.getAttribute("name"), fields(t));
      }
      for (Element e : children(schema, XS, "element")) {
        Element anonymous = first(e, XS, "complexType");
        elements.put(e.getAttribute("name"), anonymous == null ? List.of() : fields(anonymous));
      }
    }
  }

  private static Document read(String resource) throws Exception {
    try (InputStream in = SchemaMessages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no " + resource + " on the class path");
      }
      return XmlDocuments.parse(in.readAllBytes());
    }
  }

  String namespace() {
    return namespace;
  }

  /** Every operation of the port type, in the WSDL's order (each one's request element has its name). */
  List<String> operations() {
    return List.copyOf(operations);
  }

  List<Field> fieldsOf(String element) {
    return elements.getOrDefault(element, List.of());
  }

  /** A request element for {@code operation}: {@code <Op xmlns="…">…</Op>}, mutated. */
  String body(String operation, Mutations m, Seeds seeds) {
    return body(operation, m, seeds, false);
  }

  /** The same, with {@code plain}: every field once, each its seed as it is (what a careful caller sends). */
  String body(String operation, Mutations m, Seeds seeds, boolean plain) {
    StringBuilder b = new StringBuilder("<").append(operation).append(" xmlns=\"").append(namespace).append("\">");
    // How many fields a body mutates: one or two (so that it gets past the schema into the handler
    // more often, an operation with many fields too), some, or most.
    int rate = plain ? 0 : m.pick(List.of(5, 20, 100));
    fill(b, operation, fieldsOf(operation), m, seeds, rate, 0);
    return b.append("</").append(operation).append('>').toString();
  }

  private void fill(StringBuilder b, String operation, List<Field> fields, Mutations m, Seeds seeds, int rate,
      int depth) {
    boolean plain = rate == 0;
    for (Field f : fields) {
      String seed = f.complex() ? "" : seeds.seed(operation, f);
      if (seed == null) {
        continue;
      }
      int count = 1;
      if (!plain) {
        count = f.minOccurs() > 0 ? (m.chance(95) ? 1 : 0) : (m.chance(60) ? 1 : 0);
        if (count > 0 && f.repeated()) {
          count = 1 + m.rnd.nextInt(3);
        } else if (count > 0 && m.chance(2)) {
          count = 2; // a field the schema allows once, twice
        }
      }
      for (int i = 0; i < count; i++) {
        b.append('<').append(f.name()).append('>');
        if (f.complex()) {
          if (depth < 4) {
            fill(b, operation, types.getOrDefault(f.type(), List.of()), m, seeds, rate, depth + 1);
          }
        } else {
          String v = i == 0 ? seed : seeds.seed(operation, f);
          b.append(Mutations.xmlText(plain || !m.chance(rate) ? v : m.value(v)));
        }
        b.append("</").append(f.name()).append('>');
      }
      if (!plain && m.chance(1)) {
        b.append("<unknownField>").append(Mutations.xmlText(m.value("x"))).append("</unknownField>");
      }
    }
  }

  /** The fields of a complex type, its base type's first. */
  private List<Field> fields(Element complexType) {
    List<Field> out = new ArrayList<>();
    Element content = first(complexType, XS, "complexContent");
    Element holder = complexType;
    if (content != null) {
      Element ext = first(content, XS, "extension");
      List<Field> base = types.get(local(ext.getAttribute("base")));
      if (base == null) {
        Element baseType = complexTypes.get(local(ext.getAttribute("base")));
        if (baseType == null) {
          throw new IllegalArgumentException("no complex type " + ext.getAttribute("base"));
        }
        base = fields(baseType);
      }
      out.addAll(base);
      holder = ext;
    }
    Element sequence = first(holder, XS, "sequence");
    if (sequence != null) {
      for (Element e : children(sequence, XS, "element")) {
        String type = e.getAttribute("type");
        out.add(new Field(e.getAttribute("name"), local(type), !type.startsWith("xs:"),
            e.hasAttribute("minOccurs") ? Integer.parseInt(e.getAttribute("minOccurs")) : 1,
            e.hasAttribute("maxOccurs") && !e.getAttribute("maxOccurs").equals("1")));
      }
    }
    return out;
  }

  private static String local(String qname) {
    return qname.substring(qname.indexOf(':') + 1);
  }

  private static Element first(Element parent, String ns, String name) {
    List<Element> c = children(parent, ns, name);
    return c.isEmpty() ? null : c.get(0);
  }

  private static List<Element> children(Element parent, String ns, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }
}
