package org.eucalyptus.clc.api.keypairs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eucalyptus.clc.api.QueryAction;
import org.eucalyptus.clc.api.ApiException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.api.QueryRequest;
import org.eucalyptus.clc.keypairs.KeyPair;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.clc.keypairs.SshKeys;

/** Imports an OpenSSH public key (PublicKeyMaterial is base64 of the key's text, as the API sends it). */
public final class ImportKeyPairAction implements QueryAction {
  private final KeyPairStore keys;

  static final int MAX_MATERIAL = 8192;

  public ImportKeyPairAction(KeyPairStore keys) {
    this.keys = keys;
  }

  @Override
  public String execute(QueryRequest req) throws ApiException, DomainException {
    String name = KeyNames.check(req.required("KeyName"));
    String material = req.required("PublicKeyMaterial");
    if (material.length() > MAX_MATERIAL) {
      // The key is kept in a column of 8192 characters: far more than any OpenSSH public key needs.
      throw ApiException.invalid("PublicKeyMaterial", material, "It is at most " + MAX_MATERIAL + " characters.");
    }
    String text;
    try {
      text = new String(Base64.getMimeDecoder().decode(material), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      // Some clients send the key text itself rather than its base64.
      text = material;
    }
    SshKeys.Parsed parsed;
    try {
      parsed = SshKeys.parseOpenSsh(text.startsWith("ssh-") ? text : material);
    } catch (IllegalArgumentException e) {
      throw new ApiException("InvalidKey.Format", "Key is not in valid OpenSSH public key format: " + e.getMessage());
    }
    KeyPair kp = keys.importKey(req.caller().accountNumber(), name, parsed);
    return req.response()
        .element("keyName", kp.name())
        .element("keyFingerprint", kp.fingerprint())
        .element("keyPairId", kp.keyPairId())
        .toString();
  }
}
