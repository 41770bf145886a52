package org.eucalyptus.common.policy;

import java.util.List;

/** A parsed policy: its Version (2008-10-17 or 2012-10-17) and statements, in order. */
public record PolicyDocument(String version, List<Statement> statements) {
  public PolicyDocument {
    statements = List.copyOf(statements);
  }
}
