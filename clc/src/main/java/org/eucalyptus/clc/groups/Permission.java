package org.eucalyptus.clc.groups;

/**
 * What one rule allows: protocol ({@code tcp}, {@code udp}, {@code icmp} or {@code -1} for all),
 * a port range (for icmp: type and code, -1 meaning any), and one source: a CIDR block or a group.
 */
public record Permission(String protocol, int fromPort, int toPort, String cidr, String sourceGroupId) {}
