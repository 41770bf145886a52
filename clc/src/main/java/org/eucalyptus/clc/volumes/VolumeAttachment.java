package org.eucalyptus.clc.volumes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A volume's one live attachment to an instance (attaching, attached, detaching); the row goes
 * once the volume is detached, and the volume is available again.
 */
@Entity
@Table(name = "volume_attachments")
@DynamicUpdate
public class VolumeAttachment {
  public static final String ATTACHING = "attaching";
  public static final String ATTACHED = "attached";
  public static final String DETACHING = "detaching";
  public static final String DETACHED = "detached";

  @Id
  @Column(name = "volume_id", length = 16)
  private String volumeId;

  @Column(name = "instance_id", nullable = false, length = 16)
  private String instanceId;

  @Column(name = "device", nullable = false, length = 32)
  private String device;

  @Column(name = "state", nullable = false, length = 16)
  private String state;

  @Column(name = "attach_time", nullable = false)
  private Instant attachTime;

  @Column(name = "delete_on_termination", nullable = false)
  private boolean deleteOnTermination;

  /** The state before this transaction moved it (to put back when a detach is refused). */
  @jakarta.persistence.Transient
  private String previousState;

  protected VolumeAttachment() {}

  public VolumeAttachment(String volumeId, String instanceId, String device, Instant attachTime) {
    this.volumeId = volumeId;
    this.instanceId = instanceId;
    this.device = device;
    this.attachTime = attachTime;
    this.state = ATTACHING;
  }

  public String volumeId() { return volumeId; }
  public String instanceId() { return instanceId; }
  public String device() { return device; }
  public String state() { return state; }
  public Instant attachTime() { return attachTime; }
  public boolean deleteOnTermination() { return deleteOnTermination; }

  String previousState() {
    return previousState == null ? state : previousState;
  }

  void setState(String state) {
    this.previousState = this.state;
    this.state = state;
  }

  void setDeleteOnTermination(boolean deleteOnTermination) {
    this.deleteOnTermination = deleteOnTermination;
  }
}
