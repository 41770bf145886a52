package org.eucalyptus.clc.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eucalyptus.clc.api.ApiException;
import org.w3c.dom.Element;

/**
 * The inline policies of a user, a group or an account (where quotas live too, as Limit statements),
 * through IAM's own actions: listed with their documents, put, deleted. A document IAM refuses comes
 * back in its form with the text kept and IAM's words on where it is wrong.
 */
final class PolicyEditor {
  /** Whose policies: IAM's noun in the action names and the parameter naming the holder. */
  enum Holder {
    USER("User", "UserName"), GROUP("Group", "GroupName"), ACCOUNT("Account", "AccountName");

    final String noun;
    final String param;

    Holder(String noun, String param) {
      this.noun = noun;
      this.param = param;
    }
  }

  /** What IAM says of a document it will not take: shown in the form, not as a failure. */
  private static final Set<String> DOCUMENT_REFUSALS = Set.of("MalformedPolicyDocument", "InvalidParameterValue",
      "MissingParameter", "ValidationError");

  static final String EXAMPLE = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\","
      + " \"Action\": \"ec2:Describe*\", \"Resource\": \"*\"}\n  ]\n}";

  /** What a form shown again needs: the page that shows it, with what was typed and why it was refused. */
  @FunctionalInterface
  interface Reshow {
    byte[] with(Map<String, Object> editing) throws ApiException;
  }

  private final ConsoleApi api;

  PolicyEditor(ConsoleApi api) {
    this.api = api;
  }

  /** The holder's policies, each with its document, for the page's model. */
  List<Map<String, Object>> policies(ConsoleRequest r, Holder h, String name) throws ApiException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Element p : api.iam(r, "List" + h.noun + "Policies", Map.of(h.param, name))
        .all("List" + h.noun + "PoliciesResult/PolicyNames/member")) {
      String policy = p.getTextContent().strip();
      String doc = api.iam(r, "Get" + h.noun + "Policy", Map.of(h.param, name, "PolicyName", policy))
          .text("Get" + h.noun + "PolicyResult/PolicyDocument");
      out.add(Map.of("policyName", policy, "document", URLDecoder.decode(doc, StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** The model's policy part: the policies, and the editor's text (a refused one's, or an example). */
  Map<String, Object> model(ConsoleRequest r, Holder h, String name, String base, Map<String, Object> editing)
      throws ApiException {
    Map<String, Object> m = new HashMap<>(editing);
    m.put("policies", policies(r, h, name));
    m.put("policyBase", base);
    m.putIfAbsent("policyDocument", EXAMPLE);
    return m;
  }

  /** Puts the form's policy; refused for its document, the page again (null: done, see {@code back}). */
  Object put(ConsoleRequest r, Holder h, Reshow page, String back) throws ApiException {
    String name = r.field("name");
    String policy = r.field("policyName");
    String document = r.form().getOrDefault("policyDocument", "");
    try {
      api.iam(r, "Put" + h.noun + "Policy", Map.of(h.param, name, "PolicyName", policy, "PolicyDocument", document));
    } catch (ApiException e) {
      if (!DOCUMENT_REFUSALS.contains(e.code())) {
        throw e;
      }
      return page.with(Map.of("policyName", policy, "policyDocument", document,
          "policyError", e.code() + ": " + e.getMessage()));
    }
    return new Done("Put policy " + policy + " on " + name + ".", back);
  }

  Done delete(ConsoleRequest r, Holder h, String back) throws ApiException {
    api.iam(r, "Delete" + h.noun + "Policy", Map.of(h.param, r.field("name"), "PolicyName", r.field("policyName")));
    return new Done("Deleted policy " + r.field("policyName") + " of " + r.field("name") + ".", back);
  }
}
