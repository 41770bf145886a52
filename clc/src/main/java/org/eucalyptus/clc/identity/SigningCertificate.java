package org.eucalyptus.clc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's X.509 signing certificate, issued by the cloud CA. */
@Entity
@Table(name = "signing_certificates")
public class SigningCertificate {
  @Id
  @Column(name = "certificate_id", length = 40)
  private String certificateId;

  @Column(name = "user_id", nullable = false, length = 32)
  private String userId;

  @Column(name = "certificate", nullable = false, length = 8192)
  private String certificate;

  @Column(name = "active", nullable = false)
  private boolean active;

  @Column(name = "created", nullable = false)
  private Instant created;

  protected SigningCertificate() {}

  public SigningCertificate(String certificateId, String userId, String certificate, Instant created) {
    this.certificateId = certificateId;
    this.userId = userId;
    this.certificate = certificate;
    this.active = true;
    this.created = created;
  }

  public String certificateId() { return certificateId; }
  public String userId() { return userId; }
  public String certificate() { return certificate; }
  public boolean active() { return active; }
  public Instant created() { return created; }
}
