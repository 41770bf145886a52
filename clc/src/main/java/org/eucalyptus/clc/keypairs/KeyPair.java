package org.eucalyptus.clc.keypairs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account's SSH key pair, by name; only the public key is kept. */
@Entity
@Table(name = "key_pairs")
public class KeyPair {
  @Id
  @Column(name = "key_pair_id", length = 21)
  private String keyPairId;

  @Column(name = "account_number", nullable = false, length = 12)
  private String accountNumber;

  @Column(name = "name", nullable = false)
  private String name;

  @Column(name = "fingerprint", nullable = false, length = 128)
  private String fingerprint;

  @Column(name = "public_key", nullable = false, length = 8192)
  private String publicKey;

  @Column(name = "created", nullable = false)
  private Instant created;

  protected KeyPair() {}

  public KeyPair(String keyPairId, String accountNumber, String name, String fingerprint, String publicKey,
      Instant created) {
    this.keyPairId = keyPairId;
    this.accountNumber = accountNumber;
    this.name = name;
    this.fingerprint = fingerprint;
    this.publicKey = publicKey;
    this.created = created;
  }

  public String keyPairId() { return keyPairId; }
  public String accountNumber() { return accountNumber; }
  public String name() { return name; }
  public String fingerprint() { return fingerprint; }
  /** OpenSSH form: {@code ssh-rsa AAAA... name}. */
  public String publicKey() { return publicKey; }
  public Instant created() { return created; }
}
