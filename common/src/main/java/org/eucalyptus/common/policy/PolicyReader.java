package org.eucalyptus.common.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.policy.PolicyParser.Node;

/** Turns a parsed JSON tree into a {@link PolicyDocument}, checking it element by element. */
final class PolicyReader {
  static final Set<String> VERSIONS = Set.of("2008-10-17", "2012-10-17");
  private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_ELEMENTS =
      Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal");

  private PolicyReader() {}

  static PolicyDocument document(Node root) throws MalformedPolicyException {
    Map<String, Node> doc = object(root, "The policy document");
    for (Map.Entry<String, Node> e : doc.entrySet()) {
      if (!DOCUMENT_ELEMENTS.contains(e.getKey())) {
        throw new MalformedPolicyException("Unknown element " + e.getKey() + " " + e.getValue().where());
      }
    }
    String version = "2008-10-17";
    if (doc.containsKey("Version")) {
      version = string(doc.get("Version"), "Version");
      if (!VERSIONS.contains(version)) {
        throw new MalformedPolicyException("Version " + version + " " + doc.get("Version").where()
            + " is not one of 2008-10-17 and 2012-10-17.");
      }
    }
    Node statementNode = doc.get("Statement");
    if (statementNode == null) {
      throw new MalformedPolicyException("The policy has no Statement " + root.where() + ".");
    }
    List<Node> nodes = statementNode.value() instanceof List<?> ? nodes(statementNode) : List.of(statementNode);
    if (nodes.isEmpty()) {
      throw new MalformedPolicyException("The policy's Statement list is empty " + statementNode.where() + ".");
    }
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      statements.add(statement(nodes.get(i), i + 1));
    }
    return new PolicyDocument(version, statements);
  }

  private static Statement statement(Node node, int n) throws MalformedPolicyException {
    String which = "Statement " + n;
    Map<String, Node> s = object(node, which);
    for (Map.Entry<String, Node> e : s.entrySet()) {
      if (!STATEMENT_ELEMENTS.contains(e.getKey())) {
        throw new MalformedPolicyException(which + " has an unknown element " + e.getKey() + " " + e.getValue().where());
      }
    }
    String sid = s.containsKey("Sid") ? string(s.get("Sid"), which + "'s Sid") : null;
    Node effectNode = s.get("Effect");
    if (effectNode == null) {
      throw new MalformedPolicyException(which + " " + node.where() + " has no Effect.");
    }
    Effect effect = switch (string(effectNode, which + "'s Effect")) {
      case "Allow" -> Effect.ALLOW;
      case "Deny" -> Effect.DENY;
      case "Limit" -> Effect.LIMIT;
      default -> throw new MalformedPolicyException(which + "'s Effect " + effectNode.where()
          + " is Allow, Deny or Limit, not " + effectNode.value() + ".");
    };
    if (s.containsKey("Action") == s.containsKey("NotAction")) {
      throw new MalformedPolicyException(which + " " + node.where() + " needs exactly one of Action and NotAction.");
    }
    if (s.containsKey("Resource") && s.containsKey("NotResource")) {
      throw new MalformedPolicyException(which + " " + node.where() + " has both Resource and NotResource.");
    }
    boolean notAction = s.containsKey("NotAction");
    List<String> actions = strings(s.get(notAction ? "NotAction" : "Action"), which + "'s " + (notAction ? "NotAction" : "Action"));
    for (String a : actions) {
      if (!a.equals("*") && !a.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
        throw new MalformedPolicyException(which + "'s action " + a + " is not service:Action (e.g. ec2:RunInstances).");
      }
    }
    boolean notResource = s.containsKey("NotResource");
    List<String> resources = s.containsKey("Resource") || notResource
        ? strings(s.get(notResource ? "NotResource" : "Resource"), which + "'s Resource")
        : List.of("*");
    for (String r : resources) {
      if (!r.equals("*") && !r.startsWith("arn:")) {
        throw new MalformedPolicyException(which + "'s resource " + r + " is neither * nor an ARN (arn:aws:…).");
      }
    }
    List<Condition> conditions = s.containsKey("Condition") ? conditions(s.get("Condition"), which) : List.of();
    return new Statement(sid, effect, actions, notAction, resources, notResource, conditions);
  }

  private static List<Condition> conditions(Node node, String which) throws MalformedPolicyException {
    List<Condition> out = new ArrayList<>();
    for (Map.Entry<String, Node> op : object(node, which + "'s Condition").entrySet()) {
      if (!Conditions.knows(op.getKey())) {
        throw new MalformedPolicyException(which + " has an unknown condition operator " + op.getKey() + " "
            + op.getValue().where() + ".");
      }
      for (Map.Entry<String, Node> k : object(op.getValue(), which + "'s " + op.getKey()).entrySet()) {
        out.add(new Condition(op.getKey(), k.getKey().toLowerCase(Locale.ROOT),
            strings(k.getValue(), which + "'s condition on " + k.getKey())));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Node> object(Node n, String what) throws MalformedPolicyException {
    if (n.value() instanceof Map<?, ?> m) {
      return (Map<String, Node>) m;
    }
    throw new MalformedPolicyException(what + " " + n.where() + " must be a JSON object.");
  }

  @SuppressWarnings("unchecked")
  private static List<Node> nodes(Node n) {
    return (List<Node>) n.value();
  }

  private static String string(Node n, String what) throws MalformedPolicyException {
    if (n.value() instanceof String s) {
      return s;
    }
    throw new MalformedPolicyException(what + " " + n.where() + " must be a string.");
  }

  /** A string or a non-empty list of strings. */
  private static List<String> strings(Node n, String what) throws MalformedPolicyException {
    if (n.value() instanceof String s) {
      return List.of(s);
    }
    if (n.value() instanceof List<?>) {
      List<String> out = new ArrayList<>();
      for (Node item : nodes(n)) {
        out.add(string(item, what));
      }
      if (out.isEmpty()) {
        throw new MalformedPolicyException(what + " " + n.where() + " is an empty list.");
      }
      return out;
    }
    throw new MalformedPolicyException(what + " " + n.where() + " must be a string or a list of strings.");
  }
}
