package org.eucalyptus.walrus;

import java.net.InetAddress;
import org.apache.hc.client5.http.DnsResolver;

/** Every host name resolves to loopback: virtual-hosted bucket names reach the Walrus under test. */
final class LoopbackDns implements DnsResolver {
  @Override
  public InetAddress[] resolve(String host) {
    return new InetAddress[] {InetAddress.getLoopbackAddress()};
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }
}
