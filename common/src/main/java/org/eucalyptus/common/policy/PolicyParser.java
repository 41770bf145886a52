package org.eucalyptus.common.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a policy document. Refuses, saying where, anything IAM would: broken JSON, an unknown
 * element, a statement without Effect or Action, a value of the wrong kind, an unknown condition
 * operator.
 */
public final class PolicyParser {
  private static final JsonFactory JSON = new JsonFactory();

  private PolicyParser() {}

  public static PolicyDocument parse(String text) throws MalformedPolicyException {
    if (text == null || text.isBlank()) {
      throw new MalformedPolicyException("The policy document is empty.");
    }
    Node root;
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken first = p.nextToken();
      root = read(p, first);
      if (p.nextToken() != null) {
        throw new MalformedPolicyException("Unexpected text after the policy's closing brace " + at(p.currentLocation()));
      }
    } catch (JsonParseException e) {
      throw new MalformedPolicyException("Syntax error " + at(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedPolicyException("The policy document cannot be read: " + e.getMessage());
    }
    return PolicyReader.document(root);
  }

  /** A JSON value with where it began: a String, a List of Nodes, or a Map of name to Node. */
  record Node(Object value, int line, int column) {
    String where() {
      return "at line " + line + ", column " + column;
    }
  }

  private static Node read(JsonParser p, JsonToken t) throws IOException, MalformedPolicyException {
    JsonLocation l = p.currentTokenLocation();
    if (t == null) {
      throw new MalformedPolicyException("The policy document ends too early " + at(l));
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          if (fields.containsKey(name)) {
            throw new MalformedPolicyException("Duplicate element " + name + " " + at(p.currentTokenLocation()));
          }
          fields.put(name, read(p, p.nextToken()));
        }
        return new Node(fields, l.getLineNr(), l.getColumnNr());
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(read(p, i));
        }
        return new Node(items, l.getLineNr(), l.getColumnNr());
      }
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Node(p.getText(), l.getLineNr(), l.getColumnNr());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node(p.getText().toLowerCase(Locale.ROOT), l.getLineNr(), l.getColumnNr());
      }
      default -> throw new MalformedPolicyException("Unexpected " + p.getText() + " " + at(l));
    }
  }

  static String at(JsonLocation l) {
    return "at line " + l.getLineNr() + ", column " + l.getColumnNr();
  }
}
