package org.eucalyptus.clc.api.keypairs;

import org.eucalyptus.common.policy.Arns;
import org.eucalyptus.clc.api.Ec2Permissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.api.Glob;
import org.eucalyptus.clc.keypairs.KeyPair;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.common.xml.XmlWriter;

public final class DescribeKeyPairsAction implements QueryAction {
  private static final Map<String, Function<KeyPair, String>> FILTERS = Map.of(
      "key-name", KeyPair::name,
      "fingerprint", KeyPair::fingerprint,
      "key-pair-id", KeyPair::keyPairId);

  private final KeyPairStore keys;

  public DescribeKeyPairsAction(KeyPairStore keys) {
    this.keys = keys;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException {
    List<String> names = req.list("KeyName");
    Map<String, List<String>> filters = req.filters();
    for (String f : filters.keySet()) {
      if (!FILTERS.containsKey(f)) {
        throw new ApiException("InvalidParameterValue", "The filter '" + f + "' is invalid");
      }
    }
    // Key pairs are private to their account, the administrator's included.
    List<KeyPair> found = keys.list(req.caller().accountNumber(), names);
    if (!names.isEmpty()) {
      Set<String> missing = new LinkedHashSet<>(names);
      found.forEach(k -> missing.remove(k.name()));
      if (!missing.isEmpty()) {
        throw new ApiException("InvalidKeyPair.NotFound",
            "The key pair '" + String.join("', '", missing) + "' does not exist");
      }
    }
    XmlWriter x = req.response().start("keySet");
    for (KeyPair k : found) {
      boolean keep = Ec2Permissions.visible(req, Arns.KEY_PAIR, k.name()) && filters.entrySet().stream().allMatch(f -> Glob.matchesAny(f.getValue(), FILTERS.get(f.getKey()).apply(k)));
      if (keep) {
        x.start("item").element("keyPairId", k.keyPairId()).element("keyName", k.name())
            .element("keyFingerprint", k.fingerprint()).end();
      }
    }
    return x.toString();
  }
}
