package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An account's alias: a second name, unique in the cloud, at most one per account (as IAM). */
@Entity
@Table(name = "iam_account_aliases")
public class AccountAlias {
  @Id
  @Column(name = "alias", length = 63)
  private String alias;

  @Column(name = "account_number", nullable = false, length = 12, unique = true)
  private String accountNumber;

  protected AccountAlias() {}

  public AccountAlias(String alias, String accountNumber) {
    this.alias = alias;
    this.accountNumber = accountNumber;
  }

  public String alias() {
    return alias;
  }

  public String accountNumber() {
    return accountNumber;
  }
}
