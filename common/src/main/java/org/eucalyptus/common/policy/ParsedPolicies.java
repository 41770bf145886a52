package org.eucalyptus.common.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Stored policy documents, parsed, for a {@link PolicySource} that reads them per request. A parse
 * is pure, so documents are kept by their text: a changed policy is a new text, and nothing here can
 * outlive a policy change.
 */
public final class ParsedPolicies {
  private static final Logger LOG = LogManager.getLogger(ParsedPolicies.class);
  private static final int MAX_PARSED = 10_000;

  private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

  /** {@code text} parsed; null (and a warning) for a stored document that no longer parses. */
  public PolicyDocument of(String text) {
    PolicyDocument d = parsed.get(text);
    if (d != null) {
      return d;
    }
    try {
      d = PolicyParser.parse(text);
    } catch (MalformedPolicyException e) {
      LOG.warn("A stored policy no longer parses and is ignored: {}", e.getMessage());
      return null;
    }
    if (parsed.size() >= MAX_PARSED) {
      parsed.clear();
    }
    parsed.put(text, d);
    return d;
  }
}
