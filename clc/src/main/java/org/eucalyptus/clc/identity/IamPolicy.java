package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A named inline policy document attached to a user, a group or an account (an account's are set
 * by the cloud administrator and hold quotas and limits for everyone in it).
 */
@Entity
@Table(name = "iam_policies")
public class IamPolicy {
  /** What a policy is attached to; {@code ownerId} is that thing's id. */
  public enum OwnerKind { USER, GROUP, ACCOUNT }

  /** The longest document kept, in characters. */
  public static final int MAX_DOCUMENT = 16384;

  @Id
  @Column(name = "policy_id", length = 32)
  private String policyId;

  @Enumerated(EnumType.STRING)
  @Column(name = "owner_kind", nullable = false, length = 8)
  private OwnerKind ownerKind;

  @Column(name = "owner_id", nullable = false, length = 32)
  private String ownerId;

  @Column(name = "name", nullable = false, length = 128)
  private String name;

  @Column(name = "document", nullable = false, length = MAX_DOCUMENT)
  private String document;

  @Column(name = "created", nullable = false)
  private Instant created;

  protected IamPolicy() {}

  public IamPolicy(String policyId, OwnerKind ownerKind, String ownerId, String name, String document, Instant created) {
    this.policyId = policyId;
    this.ownerKind = ownerKind;
    this.ownerId = ownerId;
    this.name = name;
    this.document = document;
    this.created = created;
  }

  public String policyId() {
    return policyId;
  }

  public OwnerKind ownerKind() {
    return ownerKind;
  }

  public String ownerId() {
    return ownerId;
  }

  public String name() {
    return name;
  }

  public String document() {
    return document;
  }

  public Instant created() {
    return created;
  }

  void replaceDocument(String newDocument) {
    this.document = newDocument;
  }
}
