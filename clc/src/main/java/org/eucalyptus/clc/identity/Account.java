package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "accounts")
public class Account {
  /** The account that owns the cloud; its user {@code admin} is the cloud administrator. */
  public static final String SYSTEM_ACCOUNT = "eucalyptus";

  @Id
  @Column(name = "account_number", length = 12)
  private String accountNumber;

  @Column(name = "name", nullable = false, length = 64)
  private String name;

  @Column(name = "created", nullable = false)
  private Instant created;

  protected Account() {}

  public Account(String accountNumber, String name, Instant created) {
    this.accountNumber = accountNumber;
    this.name = name;
    this.created = created;
  }

  public String accountNumber() {
    return accountNumber;
  }

  public String name() {
    return name;
  }

  public Instant created() {
    return created;
  }
}
