package org.eucalyptus.clc.console;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eucalyptus.clc.api.ApiException;

/** Key pairs: the list, create (its private key downloaded then, the only time it is given), import, delete. */
final class KeyPairsPage {
  private final ConsoleApi api;
  private final Pages pages;

  KeyPairsPage(ConsoleApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  byte[] list(ConsoleRequest r) throws ApiException {
    List<Map<String, Object>> keys = api.ec2(r, "DescribeKeyPairs", Map.of()).all("keySet/item").stream()
        .map(e -> Map.<String, Object>of("name", ApiDoc.text(e, "keyName"), "fingerprint", ApiDoc.text(e, "keyFingerprint")))
        .sorted(java.util.Comparator.comparing(m -> (String) m.get("name"))).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("keys", keys);
    model.put("none", keys.isEmpty());
    return pages.render("keypairs", r, model);
  }

  /** The new key pair's private key, in PEM. */
  byte[] create(ConsoleRequest r) throws ApiException {
    ApiDoc d = api.ec2(r, "CreateKeyPair", Map.of("KeyName", r.field("name")));
    return (d.text("keyMaterial") + "\n").getBytes(StandardCharsets.UTF_8);
  }

  String importKey(ConsoleRequest r) throws ApiException {
    String material = Base64.getEncoder().encodeToString(r.field("publicKey").getBytes(StandardCharsets.UTF_8));
    api.ec2(r, "ImportKeyPair", Map.of("KeyName", r.field("name"), "PublicKeyMaterial", material));
    return "Imported key pair " + r.field("name") + ".";
  }

  String delete(ConsoleRequest r) throws ApiException {
    api.ec2(r, "DeleteKeyPair", Map.of("KeyName", r.field("name")));
    return "Deleted key pair " + r.field("name") + ".";
  }
}
