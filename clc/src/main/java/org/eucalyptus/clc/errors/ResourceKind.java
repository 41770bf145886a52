package org.eucalyptus.clc.errors;

/** What kind of thing a {@link DomainException} is about. */
public enum ResourceKind {
  ACCOUNT(true),
  USER(true),
  ACCESS_KEY(true),
  SIGNING_CERTIFICATE(true),
  GROUP(true),
  ACCOUNT_ALIAS(true),
  POLICY(true),
  LOGIN_PROFILE(true),
  KEY_PAIR(false),
  SECURITY_GROUP(false),
  SECURITY_GROUP_RULE(false),
  ADDRESS(false),
  INSTANCE(false),
  IMAGE(false),
  AVAILABILITY_ZONE(false),
  CLUSTER(false),
  STORAGE(false),
  VOLUME(false),
  SNAPSHOT(false),
  /** A volume's attachment to an instance (clc-volumes). */
  VOLUME_ATTACHMENT(false),
  TAG(false);

  private final boolean identity;

  ResourceKind(boolean identity) {
    this.identity = identity;
  }

  /** Whether it is one of the identity service's (IAM's) resources rather than a compute (EC2) resource. */
  public boolean identity() {
    return identity;
  }
}
