package org.eucalyptus.common.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a policy document. Refuses, saying where (line and column, statement and element) and
 * what is wrong, anything IAM would: broken JSON, text after the document, a duplicate element,
 * nesting deeper than a policy has, an unknown element, a Principal, a statement without Effect
 * or Action, a value of the wrong kind, an unknown condition operator, a malformed action, ARN,
 * value or Limit.
 */
public final class PolicyParser {
  /** Deepest nesting a policy needs is 7 (document, Statement list, statement, Condition, operator, key, values). */
  static final int MAX_DEPTH = 10;
  /** Longest document read: IAM's own limits are a few kilobytes; this only bounds the work. */
  static final int MAX_CHARS = 131_072;

  private static final JsonFactory JSON = new JsonFactory();

  private PolicyParser() {}

  public static PolicyDocument parse(String text) throws MalformedPolicyException {
    if (text == null || text.isBlank()) {
      throw new MalformedPolicyException("The policy document is empty.");
    }
    if (text.length() > MAX_CHARS) {
      throw new MalformedPolicyException("The policy document has " + text.length() + " characters, more than the "
          + MAX_CHARS + " read.");
    }
    Node root;
    try (JsonParser p = JSON.createParser(text)) {
      root = read(p, p.nextToken(), 1);
      JsonToken after = p.nextToken();
      if (after != null) {
        throw new MalformedPolicyException("Unexpected text after the end of the policy document "
            + at(p.currentTokenLocation()) + ".");
      }
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new MalformedPolicyException("The policy document is not valid JSON" + (l == null ? "" : " " + at(l))
          + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedPolicyException("The policy document cannot be read: " + e.getMessage());
    }
    return PolicyReader.document(root);
  }

  /** A JSON value and where it began. */
  record Node(Kind kind, Object value, int line, int column) {
    enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    /** "at line L, column C". */
    String where() {
      return "at line " + line + ", column " + column;
    }

    @SuppressWarnings("unchecked")
    Map<String, Node> fields() {
      return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> items() {
      return (List<Node>) value;
    }

    /** The text of a string, number or boolean. */
    String text() {
      return (String) value;
    }
  }

  private static Node read(JsonParser p, JsonToken t, int depth) throws IOException, MalformedPolicyException {
    JsonLocation l = p.currentTokenLocation();
    if (t == null) {
      throw new MalformedPolicyException("The policy document ends too early " + at(l) + ".");
    }
    if (depth > MAX_DEPTH && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
      throw new MalformedPolicyException("The policy document nests deeper than a policy can " + at(l)
          + " (at most " + MAX_DEPTH + " levels).");
    }
    int line = l.getLineNr();
    int column = l.getColumnNr();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          JsonLocation nameAt = p.currentTokenLocation();
          Node value = read(p, p.nextToken(), depth + 1);
          if (fields.putIfAbsent(name, value) != null) {
            throw new MalformedPolicyException("Element " + name + " appears twice in the object " + at(l)
                + ", again " + at(nameAt) + ".");
          }
        }
        return new Node(Node.Kind.OBJECT, fields, line, column);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(read(p, i, depth + 1));
        }
        return new Node(Node.Kind.ARRAY, items, line, column);
      }
      case VALUE_STRING -> {
        return new Node(Node.Kind.STRING, p.getText(), line, column);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Node(Node.Kind.NUMBER, p.getText(), line, column);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node(Node.Kind.BOOLEAN, t == JsonToken.VALUE_TRUE ? "true" : "false", line, column);
      }
      case VALUE_NULL -> {
        return new Node(Node.Kind.NULL, null, line, column);
      }
      default -> throw new MalformedPolicyException("Unexpected " + p.getText() + " " + at(l) + ".");
    }
  }

  static String at(JsonLocation l) {
    return "at line " + l.getLineNr() + ", column " + l.getColumnNr();
  }
}
