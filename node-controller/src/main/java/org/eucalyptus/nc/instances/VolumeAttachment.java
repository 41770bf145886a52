package org.eucalyptus.nc.instances;

/**
 * An EBS volume attached (or being attached or detached) to an instance, as the node keeps it in
 * the instance's checkpoint and reports it (volumeType).
 *
 * @param remoteDev the storage controller's export, iscsi://host:port/iqn/lun
 * @param localDev the device the user asked for (/dev/sdf)
 * @param targetDev the guest's virtio disk it became (vdf)
 * @param chapPassword the CHAP password still sealed for this node's certificate (never kept in clear)
 * @param reason why it is in its state, or null
 */
public record VolumeAttachment(String volumeId, String remoteDev, String localDev, String targetDev, String chapUser,
    String chapPassword, State state, String reason) {

  /** volumeType's states, with their wire names. */
  public enum State {
    ATTACHING("attaching"), ATTACHED("attached"), DETACHING("detaching"), DETACHED("detached"),
    ATTACH_FAILED("attaching failed");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static State parse(String wire) {
      for (State s : values()) {
        if (s.wireName.equals(wire)) {
          return s;
        }
      }
      throw new IllegalArgumentException("no volume state " + wire);
    }
  }

  public VolumeAttachment in(State next, String why) {
    return new VolumeAttachment(volumeId, remoteDev, localDev, targetDev, chapUser, chapPassword, next, why);
  }

  /** Whether the guest has it, or should (re-attached after a restart). */
  public boolean held() {
    return state == State.ATTACHING || state == State.ATTACHED || state == State.DETACHING;
  }

  @Override
  public String toString() {
    return "VolumeAttachment[" + volumeId + " " + remoteDev + " " + localDev + "->" + targetDev + " " + state + "]";
  }
}
