package org.eucalyptus.clc.tags;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One tag: a key and value on a resource, owned by the resource's account. */
@Entity
@Table(name = "tags")
@IdClass(Tag.Key.class)
public class Tag {
  /** The identity of a tag: which resource, which key. */
  public record Key(String resourceId, String key) implements Serializable {
    public Key() {
      this(null, null);
    }
  }

  @Id
  @Column(name = "resource_id", length = 32)
  private String resourceId;

  @Id
  @Column(name = "tag_key", length = 128)
  private String key;

  @Column(name = "tag_value", nullable = false, length = 256)
  private String value;

  @Column(name = "resource_type", nullable = false, length = 32)
  private String resourceType;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  protected Tag() {}

  public Tag(String resourceId, String key, String value, String resourceType, String accountNumber) {
    this.resourceId = resourceId;
    this.key = key;
    this.value = value;
    this.resourceType = resourceType;
    this.accountNumber = accountNumber;
  }

  public String resourceId() { return resourceId; }
  public String key() { return key; }
  public String value() { return value; }
  public String resourceType() { return resourceType; }
  public String accountNumber() { return accountNumber; }

  public void setValue(String value) {
    this.value = value;
  }
}
