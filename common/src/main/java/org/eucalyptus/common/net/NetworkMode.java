package org.eucalyptus.common.net;

import java.util.Locale;

/**
 * A cluster's networking mode, {@code VNET_MODE}: the same value at the cluster controller and on
 * every node of the cluster, so both read it with this one parser.
 */
public enum NetworkMode {
  /** Guests join an existing bridge and get addresses from the site's DHCP server. */
  SYSTEM,
  /** Guests join an existing bridge; the cluster controller hands out fixed MAC=IP pairs (VNET_MACMAP). */
  STATIC,
  /** A segment per security group (VLAN or VXLAN), iptables between groups, public IPs by NAT. */
  MANAGED,
  /** MANAGED's addressing, groups and public IPs, on one shared bridge without segments. */
  MANAGED_NOVLAN;

  /** Reads a VNET_MODE value as eucalyptus.conf spells it ({@code MANAGED-NOVLAN}), in any case. */
  public static NetworkMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "VNET_MODE must be SYSTEM, STATIC, MANAGED or MANAGED-NOVLAN, not '" + value + "'", e);
    }
  }

  /** MANAGED or MANAGED-NOVLAN: the cloud manages addresses, security groups and public IPs. */
  public boolean managed() {
    return this == MANAGED || this == MANAGED_NOVLAN;
  }

  /** The value as eucalyptus.conf writes it. */
  public String confValue() {
    return name().replace('_', '-');
  }
}
