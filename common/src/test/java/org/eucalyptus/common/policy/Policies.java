package org.eucalyptus.common.policy;

import java.time.Instant;
import java.util.List;
import org.eucalyptus.common.auth.Caller;

/** Helpers for the policy tests: documents from JSON, callers, and authorizations built as a service builds them. */
final class Policies {
  static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  static final RequestFacts FACTS = new RequestFacts("10.1.2.3", true, NOW);
  static final Caller CLOUD_ADMIN = new Caller("000000000001", "eucalyptus", "AIDCLOUDADMIN", "admin", "AKCLOUD", true);
  static final Caller ACCOUNT_ADMIN = new Caller("123456789012", "acme", "AIDACMEADMIN", "admin", "AKACME", false);
  static final Caller ALICE = new Caller("123456789012", "acme", "AIDALICE", "alice", "AKALICE", false);

  private Policies() {}

  /** A document from JSON with single quotes for double (policies in Java strings read better so). */
  static PolicyDocument doc(String json) {
    try {
      return PolicyParser.parse(json.replace('\'', '"'));
    } catch (MalformedPolicyException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** A one-statement 2012-10-17 document. */
  static PolicyDocument statement(String statementJson) {
    return doc("{'Version':'2012-10-17','Statement':" + statementJson + "}");
  }

  static Authorization user(Caller caller, List<PolicyDocument> identity, List<PolicyDocument> account) {
    return new Authorization(caller, new CallerPolicies(identity, account), FACTS);
  }

  static Authorization user(Caller caller, RequestFacts facts, PolicyDocument... identity) {
    return new Authorization(caller, new CallerPolicies(List.of(identity), List.of()), facts);
  }

  static Authorization alice(PolicyDocument... identity) {
    return user(ALICE, FACTS, identity);
  }
}
