package org.eucalyptus.clc.groups;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One ingress rule: protocol and port range, from a CIDR block or from a source group's members. */
@Entity
@Table(name = "security_group_rules")
public class SecurityGroupRule {
  @Id
  @Column(name = "rule_id", length = 24)
  private String ruleId;

  @Column(name = "group_id", nullable = false, length = 20)
  private String groupId;

  @Column(name = "protocol", nullable = false, length = 8)
  private String protocol;

  @Column(name = "from_port", nullable = false)
  private int fromPort;

  @Column(name = "to_port", nullable = false)
  private int toPort;

  @Column(name = "cidr", length = 43)
  private String cidr;

  @Column(name = "source_group_id", length = 20)
  private String sourceGroupId;

  protected SecurityGroupRule() {}

  public SecurityGroupRule(String ruleId, String groupId, Permission p) {
    this.ruleId = ruleId;
    this.groupId = groupId;
    this.protocol = p.protocol();
    this.fromPort = p.fromPort();
    this.toPort = p.toPort();
    this.cidr = p.cidr();
    this.sourceGroupId = p.sourceGroupId();
  }

  public String ruleId() { return ruleId; }
  public String groupId() { return groupId; }

  public Permission permission() {
    return new Permission(protocol, fromPort, toPort, cidr, sourceGroupId);
  }
}
