package org.eucalyptus.common.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.common.policy.PolicyParser.Node;

/**
 * Turns a parsed JSON tree into a {@link PolicyDocument}, checking it element by element. Every
 * refusal names the element, where it is (line and column) and what is wrong.
 */
final class PolicyReader {
  static final String V2008 = "2008-10-17";
  static final String V2012 = "2012-10-17";
  static final Set<String> VERSIONS = Set.of(V2008, V2012);
  private static final List<String> DOCUMENT_ELEMENTS = List.of("Version", "Id", "Statement");
  private static final List<String> STATEMENT_ELEMENTS =
      List.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");
  private static final List<String> EFFECTS = List.of("Allow", "Deny", "Limit");

  private PolicyReader() {}

  static PolicyDocument document(Node root) throws MalformedPolicyException {
    Map<String, Node> doc = object(root, "The policy document");
    known(doc, DOCUMENT_ELEMENTS, "The policy document");
    String version = V2008;
    Node versionNode = doc.get("Version");
    if (versionNode != null) {
      version = string(versionNode, "The policy's Version");
      if (!VERSIONS.contains(version)) {
        throw fail("The policy's Version", versionNode, "\"" + version + "\" is not 2008-10-17 or 2012-10-17");
      }
    }
    if (doc.containsKey("Id")) {
      string(doc.get("Id"), "The policy's Id");
    }
    Node statementNode = doc.get("Statement");
    if (statementNode == null) {
      throw fail("The policy document", root, "it has no Statement");
    }
    List<Node> nodes = statementNode.kind() == Node.Kind.ARRAY ? statementNode.items() : List.of(statementNode);
    if (nodes.isEmpty()) {
      throw fail("The policy's Statement", statementNode, "the list is empty");
    }
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      statements.add(statement(nodes.get(i), i + 1, version.equals(V2012)));
    }
    return new PolicyDocument(version, statements);
  }

  private static Statement statement(Node node, int n, boolean variables) throws MalformedPolicyException {
    Map<String, Node> s = object(node, "Statement " + n);
    String sid = s.containsKey("Sid") ? string(s.get("Sid"), "Statement " + n + "'s Sid") : null;
    String which = "Statement " + n + (sid == null ? "" : " (Sid \"" + sid + "\")");
    for (String principal : List.of("Principal", "NotPrincipal")) {
      if (s.containsKey(principal)) {
        throw fail(which + "'s " + principal, s.get(principal), "a user's, group's or account's policy names no "
            + principal + ": it applies to whom it is attached to");
      }
    }
    known(s, STATEMENT_ELEMENTS, which);
    Node effectNode = s.get("Effect");
    if (effectNode == null) {
      throw fail(which, node, "it has no Effect (Allow, Deny or Limit)");
    }
    String effectText = string(effectNode, which + "'s Effect");
    Effect effect = switch (effectText) {
      case "Allow" -> Effect.ALLOW;
      case "Deny" -> Effect.DENY;
      case "Limit" -> Effect.LIMIT;
      default -> throw fail(which + "'s Effect", effectNode, "\"" + effectText + "\" is not Allow, Deny or Limit"
          + suggestion(effectText, EFFECTS));
    };
    if (s.containsKey("Action") == s.containsKey("NotAction")) {
      throw fail(which, node, s.containsKey("Action") ? "it has both Action and NotAction"
          : "it has neither Action nor NotAction");
    }
    if (s.containsKey("Resource") && s.containsKey("NotResource")) {
      throw fail(which, node, "it has both Resource and NotResource");
    }
    boolean notAction = s.containsKey("NotAction");
    String actionElement = notAction ? "NotAction" : "Action";
    Node actionNode = s.get(actionElement);
    List<String> actions = strings(actionNode, which + "'s " + actionElement);
    for (String a : actions) {
      if (!isAction(a)) {
        throw fail(which + "'s " + actionElement, actionNode, "\"" + a
            + "\" is not service:Action (e.g. ec2:RunInstances, ec2:Describe*, s3:*) or *");
      }
    }
    boolean notResource = s.containsKey("NotResource");
    String resourceElement = notResource ? "NotResource" : "Resource";
    Node resourceNode = s.get(resourceElement);
    List<String> resources = resourceNode == null ? List.of("*") : strings(resourceNode, which + "'s " + resourceElement);
    for (String r : resources) {
      if (!r.equals("*") && !Arns.isArn(r)) {
        throw fail(which + "'s " + resourceElement, resourceNode, "\"" + r
            + "\" is neither * nor an ARN (arn:partition:service:region:account:resource, e.g. "
            + "arn:aws:ec2:::instance/*)");
      }
      variablesOk(r, variables, which + "'s " + resourceElement, resourceNode);
    }
    Node conditionNode = s.get("Condition");
    List<Condition> conditions = conditionNode == null ? List.of()
        : conditions(conditionNode, which, variables, effect);
    if (effect == Effect.LIMIT) {
      limit(conditions, which, conditionNode == null ? node : conditionNode);
    }
    return new Statement(sid, effect, actions, notAction, resources, notResource, conditions, variables);
  }

  private static List<Condition> conditions(Node node, String which, boolean variables, Effect effect)
      throws MalformedPolicyException {
    List<Condition> out = new ArrayList<>();
    String what = which + "'s Condition";
    for (Map.Entry<String, Node> op : object(node, what).entrySet()) {
      Operator operator;
      try {
        operator = Operator.parse(op.getKey());
      } catch (IllegalArgumentException e) {
        throw fail(what, op.getValue(), "\"" + op.getKey() + "\" is not a condition operator: " + e.getMessage());
      }
      String opWhat = what + "'s " + operator.spelling();
      Map<String, Node> keys = object(op.getValue(), opWhat);
      if (keys.isEmpty()) {
        throw fail(opWhat, op.getValue(), "it names no condition key");
      }
      Map<String, String> seen = new HashMap<>();
      for (Map.Entry<String, Node> k : keys.entrySet()) {
        String key = k.getKey();
        String keyWhat = opWhat + " on " + key;
        if (!isKeyName(key)) {
          throw fail(opWhat, k.getValue(), "\"" + key + "\" is not a condition key (prefix:name, e.g. aws:SourceIp)");
        }
        String lower = key.toLowerCase(Locale.ROOT);
        String before = seen.putIfAbsent(lower, key);
        if (before != null) {
          throw fail(opWhat, k.getValue(), "the key " + key + " is given twice (keys are case-insensitive: " + before
              + ")");
        }
        if (Quotas.KEYS.contains(lower) && effect != Effect.LIMIT) {
          throw fail(keyWhat, k.getValue(), key + " is a quota key: only a Limit statement may name it");
        }
        List<String> values = conditionValues(k.getValue(), keyWhat);
        for (String v : values) {
          boolean variable = variables && PolicyVariables.mentions(v);
          if (variable) {
            variablesOk(v, true, keyWhat, k.getValue());
          } else {
            String problem = Conditions.problem(operator.base().kind, v);
            if (problem != null) {
              throw fail(keyWhat, k.getValue(), problem);
            }
          }
        }
        out.add(new Condition(operator.spelling(), lower, values));
      }
    }
    return out;
  }

  /** A Limit statement's conditions: quota keys only, each under NumericLessThan(Equals) with one whole number. */
  private static void limit(List<Condition> conditions, String which, Node where) throws MalformedPolicyException {
    if (conditions.isEmpty()) {
      throw fail(which, where, "a Limit needs a Condition setting a quota key ("
          + "e.g. {\"NumericLessThanEquals\":{\"ec2:quota-vminstancenumber\":\"2\"}})");
    }
    for (Condition c : conditions) {
      String what = which + "'s Condition on " + c.key();
      if (!Quotas.KEYS.contains(c.key())) {
        throw fail(what, where, "a Limit's condition keys are quota keys (" + String.join(", ", Quotas.KEYS.stream()
            .sorted().toList()) + "), not " + c.key());
      }
      if (!c.operator().equals("NumericLessThanEquals") && !c.operator().equals("NumericLessThan")) {
        throw fail(what, where, "a Limit takes NumericLessThanEquals (or NumericLessThan), not " + c.operator());
      }
      if (c.values().size() != 1 || PolicyEvaluator.wholeNumber(c.values().get(0)) < 0) {
        throw fail(what, where, "a Limit takes one whole number from 0 to " + Long.MAX_VALUE + ", not "
            + (c.values().size() == 1 ? "\"" + c.values().get(0) + "\"" : c.values().size() + " values"));
      }
    }
  }

  /** Whether {@code a} is {@code *} or service:Action, the service plain and the action with wildcards. */
  static boolean isAction(String a) {
    if (a.equals("*")) {
      return true;
    }
    int colon = a.indexOf(':');
    if (colon <= 0 || colon == a.length() - 1) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      boolean ok = i < colon ? (isAlnum(c) || c == '-') : (i == colon || isAlnum(c) || c == '*' || c == '?');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code k} is a condition key's name: prefix:name, no spaces, no braces. */
  static boolean isKeyName(String k) {
    int colon = k.indexOf(':');
    if (colon <= 0 || colon == k.length() - 1 || k.length() > 128) {
      return false;
    }
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c <= ' ' || c == '{' || c == '}' || c == '$' || c == '"' || c > '~') {
        return false;
      }
    }
    for (int i = 0; i < colon; i++) {
      if (!isAlnum(k.charAt(i)) && k.charAt(i) != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static void variablesOk(String text, boolean variables, String what, Node where)
      throws MalformedPolicyException {
    if (variables) {
      String problem = PolicyVariables.problem(text);
      if (problem != null) {
        throw fail(what, where, problem);
      }
    }
  }

  private static void known(Map<String, Node> fields, List<String> names, String what)
      throws MalformedPolicyException {
    for (Map.Entry<String, Node> e : fields.entrySet()) {
      if (!names.contains(e.getKey())) {
        throw fail(what, e.getValue(), "unknown element " + e.getKey() + suggestion(e.getKey(), names));
      }
    }
  }

  /** " (did you mean X?)" where {@code given} differs from one of {@code names} only in case. */
  private static String suggestion(String given, List<String> names) {
    for (String n : names) {
      if (n.equalsIgnoreCase(given)) {
        return " (names are case-sensitive: did you mean " + n + "?)";
      }
    }
    return "";
  }

  private static Map<String, Node> object(Node n, String what) throws MalformedPolicyException {
    if (n.kind() == Node.Kind.OBJECT) {
      return n.fields();
    }
    throw fail(what, n, "it must be a JSON object, not " + kind(n));
  }

  private static String string(Node n, String what) throws MalformedPolicyException {
    if (n.kind() == Node.Kind.STRING) {
      return n.text();
    }
    throw fail(what, n, "it must be a string, not " + kind(n));
  }

  /** A string or a non-empty list of strings. */
  private static List<String> strings(Node n, String what) throws MalformedPolicyException {
    return list(n, what, false);
  }

  /** As {@link #strings}, numbers and booleans read as their text (IAM accepts {@code "aws:SecureTransport": false}). */
  private static List<String> conditionValues(Node n, String what) throws MalformedPolicyException {
    return list(n, what, true);
  }

  private static List<String> list(Node n, String what, boolean scalars) throws MalformedPolicyException {
    if (n.kind() == Node.Kind.ARRAY) {
      if (n.items().isEmpty()) {
        throw fail(what, n, "the list is empty");
      }
      List<String> out = new ArrayList<>();
      for (Node item : n.items()) {
        out.add(scalar(item, what, scalars));
      }
      return out;
    }
    return List.of(scalar(n, what, scalars));
  }

  private static String scalar(Node n, String what, boolean scalars) throws MalformedPolicyException {
    if (n.kind() == Node.Kind.STRING || (scalars && (n.kind() == Node.Kind.NUMBER || n.kind() == Node.Kind.BOOLEAN))) {
      return n.text();
    }
    throw fail(what, n, "it must be a string or a list of strings" + (scalars ? " (or numbers, booleans)" : "")
        + ", not " + kind(n));
  }

  private static String kind(Node n) {
    return switch (n.kind()) {
      case OBJECT -> "an object";
      case ARRAY -> "a list";
      case STRING -> "a string";
      case NUMBER -> "the number " + n.text();
      case BOOLEAN -> n.text();
      case NULL -> "null";
    };
  }

  private static MalformedPolicyException fail(String what, Node where, String problem) {
    return new MalformedPolicyException(what + " " + where.where() + ": " + problem + ".");
  }
}
