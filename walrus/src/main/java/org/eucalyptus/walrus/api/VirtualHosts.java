package org.eucalyptus.walrus.api;

import java.util.Locale;

/**
 * Virtual-hosted requests name their bucket in the Host header: {@code <bucket>.<domain>}, where
 * the domain is WALRUS_DOMAIN (say {@code walrus.cloud.example.com}), or, when that is not set, as
 * in Eucalyptus 3.1, any host of the form {@code <bucket>.walrus.<rest>}.
 */
public final class VirtualHosts {
  private final String domain;

  /** @param domain the Walrus domain, or null for 3.1's rule */
  public VirtualHosts(String domain) {
    this.domain = domain == null || domain.isBlank() ? null : domain.toLowerCase(Locale.ROOT).replaceAll("^\\.|\\.$", "");
  }

  /** The bucket a Host header names, or null when the request is path style. */
  public String bucket(String hostHeader) {
    if (hostHeader == null) {
      return null;
    }
    String host = hostHeader.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      return null; // an IPv6 literal
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1); // a fully qualified name: bucket.walrus.example.com.
    }
    if (domain != null) {
      return host.endsWith("." + domain) && host.length() > domain.length() + 1
          ? host.substring(0, host.length() - domain.length() - 1) : null;
    }
    int at = host.indexOf(".walrus.");
    return at > 0 ? host.substring(0, at) : null;
  }
}
