package org.eucalyptus.common.auth;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** AWS Signature Version 2 for Query APIs (what euca2ools 2.x and boto send). */
public final class SigV2 {
  private SigV2() {}

  /** The string to sign: method, lower-case host, path, and the sorted, encoded parameters without Signature. */
  public static String stringToSign(String method, String host, String path, Map<String, String> params) {
    TreeMap<String, String> sorted = new TreeMap<>();
    params.forEach((k, v) -> {
      if (!k.equals("Signature")) {
        sorted.put(UriEncoding.encode(k), UriEncoding.encode(v));
      }
    });
    String query = sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    return method + "\n" + host.toLowerCase(java.util.Locale.ROOT) + "\n" + (path.isEmpty() ? "/" : path) + "\n" + query;
  }

  /** Base64 HMAC with {@code HmacSHA1} or {@code HmacSHA256}. */
  public static String sign(String secret, String signatureMethod, String stringToSign) {
    if (!signatureMethod.equals("HmacSHA256") && !signatureMethod.equals("HmacSHA1")) {
      throw new IllegalArgumentException("SignatureMethod must be HmacSHA256 or HmacSHA1");
    }
    return Base64.getEncoder().encodeToString(
        Crypto.hmac(signatureMethod, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), stringToSign));
  }
}
