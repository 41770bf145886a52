package org.eucalyptus.clc.api.soap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An EC2 SOAP request element as the Query parameters the same request has: EC2's two encodings
 * of one message. {@code <imageId>} is ImageId; a list is {@code <xSet><item>…</item></xSet>}, whose
 * items of one value each are {@code Leaf.N} ({@code instancesSet/item/instanceId} is
 * InstanceId.N) and whose items of several are {@code X.N.Field} ({@code filterSet/item/name} is
 * Filter.N.Name); other lists of items ({@code ipPermissions}) keep their name; a structure is
 * {@code Name.Field}. The few places where EC2 named the Query parameter otherwise are renamed
 * per action.
 */
final class SoapParameters {
  /** Query names EC2 gave some parameters, by action: the generic name on the left. */
  private static final Map<String, Map<String, String>> RENAMES = Map.of(
      "RunInstances", Map.of("GroupId", "SecurityGroupId", "GroupName", "SecurityGroup", "UserData.Data", "UserData"));

  private SoapParameters() {}

  static Map<String, String> of(String action, Element request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Element child : children(request)) {
      add(out, cap(child.getLocalName()), child);
    }
    Map<String, String> renames = RENAMES.getOrDefault(action, Map.of());
    if (renames.isEmpty()) {
      return out;
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    out.forEach((k, v) -> renamed.put(rename(k, renames), v));
    return renamed;
  }

  /** {@code GroupId.1} → {@code SecurityGroupId.1}: the name before the index (or the whole name). */
  private static String rename(String key, Map<String, String> renames) {
    String whole = renames.get(key);
    if (whole != null) {
      return whole;
    }
    int dot = key.indexOf('.');
    if (dot > 0) {
      String head = renames.get(key.substring(0, dot));
      if (head != null && key.substring(dot + 1).matches("\\d+.*")) {
        return head + key.substring(dot);
      }
    }
    return key;
  }

  private static void add(Map<String, String> out, String name, Element e) {
    List<Element> kids = children(e);
    if (kids.isEmpty()) {
      out.put(name, e.getTextContent().strip());
      return;
    }
    boolean list = kids.stream().allMatch(k -> k.getLocalName().equals("item"));
    if (!list) {
      for (Element k : kids) {
        add(out, name + "." + cap(k.getLocalName()), k);
      }
      return;
    }
    boolean set = e.getLocalName().endsWith("Set");
    String base = set ? name.substring(0, name.length() - 3) : name;
    String parent = name.contains(".") ? name.substring(0, name.lastIndexOf('.') + 1) : "";
    int i = 0;
    for (Element item : kids) {
      i++;
      List<Element> fields = children(item);
      if (set && fields.size() == 1 && children(fields.get(0)).isEmpty()) {
        out.put(parent + cap(fields.get(0).getLocalName()) + "." + i, fields.get(0).getTextContent().strip());
      } else if (fields.isEmpty()) {
        out.put(base + "." + i, item.getTextContent().strip());
      } else {
        for (Element f : fields) {
          add(out, base + "." + i + "." + cap(f.getLocalName()), f);
        }
      }
    }
  }

  private static List<Element> children(Element e) {
    List<Element> out = new java.util.ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        out.add((Element) n);
      }
    }
    return out;
  }

  private static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
