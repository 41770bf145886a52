package org.eucalyptus.clc.api.tags;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.tags.TagStore;

/**
 * Reads EC2's {@code TagSpecification.N.ResourceType} and {@code TagSpecification.N.Tag.M.Key/Value}
 * of an action that creates resources: the tags for each resource type the action makes, checked as
 * CreateTags checks them. A type the action does not make, a type named twice, or a key given twice
 * is InvalidParameterValue; the creating store writes the tags in the creation's own transaction.
 */
public final class TagSpecifications {
  private static final String PREFIX = "TagSpecification.";

  private TagSpecifications() {}

  /** Resource type → tags (in the order given), for the types of {@code allowed}. */
  public static Map<String, Map<String, String>> read(QueryRequest req, Set<String> allowed) throws ApiException {
    Set<Integer> indexes = indexes(req, PREFIX);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (int n : indexes) {
      String p = PREFIX + n + ".";
      String type = req.param(p + "ResourceType");
      if (type == null) {
        throw ApiException.missing(p + "ResourceType");
      }
      if (!allowed.contains(type)) {
        throw ApiException.invalid(p + "ResourceType", type, "'" + type
            + "' is not a valid taggable resource type for this operation (it takes " + String.join(", ", allowed) + ").");
      }
      if (out.containsKey(type)) {
        throw ApiException.invalid(p + "ResourceType", type, "The resource type '" + type
            + "' is specified in more than one tag specification.");
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (int m : indexes(req, p + "Tag.")) {
        String key = req.param(p + "Tag." + m + ".Key");
        if (key == null) {
          throw ApiException.missing(p + "Tag." + m + ".Key");
        }
        Resources.checkKey(key);
        String value = req.params().getOrDefault(p + "Tag." + m + ".Value", "");
        if (value.length() > 255) {
          throw ApiException.invalid("Tag.Value", value, "Tag values are at most 255 characters (EC2 of this API version).");
        }
        if (tags.put(key, value) != null) {
          throw ApiException.invalid(p + "Tag." + m + ".Key", key, "The tag key is given twice.");
        }
      }
      if (tags.size() > TagStore.MAX_TAGS_PER_RESOURCE) {
        throw new ApiException("TagLimitExceeded", "The maximum number of tags (" + TagStore.MAX_TAGS_PER_RESOURCE
            + ") for a resource has been exceeded.");
      }
      out.put(type, tags);
    }
    return out;
  }

  /** The N of every {@code prefix}N.… parameter. */
  private static Set<Integer> indexes(QueryRequest req, String prefix) {
    Set<Integer> out = new TreeSet<>();
    for (String k : req.params().keySet()) {
      if (k.startsWith(prefix)) {
        String rest = k.substring(prefix.length());
        int dot = rest.indexOf('.');
        if (dot > 0 && rest.substring(0, dot).matches("\\d{1,3}")) {
          out.add(Integer.parseInt(rest.substring(0, dot)));
        }
      }
    }
    return out;
  }
}
