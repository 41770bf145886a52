package org.eucalyptus.clc.console;

import java.util.Map;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.http.InboundRequest;
import org.eucalyptus.common.policy.RequestFacts;

/**
 * A request of a signed-in session, as its page sees it.
 *
 * @param page the path below {@code /console}, e.g. {@code /instances}
 * @param query the query string's parameters
 * @param form a POST's fields (its CSRF token already checked)
 */
record ConsoleRequest(InboundRequest http, ConsoleSessions.Session session, String page, Map<String, String> query,
    Map<String, String> form, RequestFacts facts) {
  Caller caller() {
    return session.caller();
  }

  boolean post() {
    return http.method().equals("POST");
  }

  String field(String name) {
    String v = form.get(name);
    return v == null ? "" : v.strip();
  }

  String param(String name) {
    String v = query.get(name);
    return v == null ? "" : v.strip();
  }
}
