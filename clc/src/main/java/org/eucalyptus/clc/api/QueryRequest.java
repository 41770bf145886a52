package org.eucalyptus.clc.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eucalyptus.common.auth.Caller;
import org.eucalyptus.common.policy.Authorization;
import org.eucalyptus.common.xml.XmlWriter;

/**
 * One authenticated Query API request (EC2, IAM, admin services), with the parameter readers actions
 * need and what the caller may do ({@code authorization}, for this request only).
 */
public record QueryRequest(
    String action, String version, Map<String, String> params, Caller caller, String requestId, String endpointHost,
    QueryDialect dialect, Authorization authorization) {

  public String namespace() {
    return dialect.namespace(version);
  }

  /** A response document with the dialect's root element and envelope already written. */
  public XmlWriter response() {
    return dialect.begin(action, namespace(), requestId);
  }

  /** Closes a response begun with {@link #response()} (needed where the envelope has a tail, as IAM's). */
  public String finish(XmlWriter x) {
    return dialect.finish(x, requestId);
  }

  public String param(String name) {
    String v = params.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public String required(String name) throws ApiException {
    String v = param(name);
    if (v == null) {
      throw ApiException.missing(name);
    }
    return v;
  }

  public int intParam(String name, int defaultValue) throws ApiException {
    String v = param(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, v, "It must be a whole number.");
    }
  }

  public boolean boolParam(String name) throws ApiException {
    String v = param(name);
    if (v == null) {
      return false;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw ApiException.invalid(name, v, "It must be true or false.");
  }

  /** The values of {@code Name.1}, {@code Name.2}, … in index order (EC2's list encoding). */
  public List<String> list(String name) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    String prefix = name + ".";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        String rest = e.getKey().substring(prefix.length());
        if (rest.matches("\\d{1,6}")) {
          byIndex.put(Integer.parseInt(rest), e.getValue());
        }
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  /** {@code Filter.N.Name} / {@code Filter.N.Value.M} as name → accepted values. */
  public Map<String, List<String>> filters() throws ApiException {
    TreeMap<Integer, String> names = new TreeMap<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("Filter.") && k.endsWith(".Name")) {
        String idx = k.substring(7, k.length() - 5);
        if (idx.matches("\\d{1,6}")) {
          names.put(Integer.parseInt(idx), e.getValue());
        }
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      List<String> values = list("Filter." + e.getKey() + ".Value");
      if (values.isEmpty()) {
        throw ApiException.invalid("Filter." + e.getKey() + ".Value", "", "A filter needs at least one value.");
      }
      out.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).addAll(values);
    }
    return out;
  }
}
