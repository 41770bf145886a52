package org.eucalyptus.nc.hypervisor;

/** A domain's state as libvirt names them, plus {@link #MISSING} for no domain at all. */
public enum DomainState {
  NOSTATE, RUNNING, BLOCKED, PAUSED, SHUTDOWN, SHUTOFF, CRASHED, PMSUSPENDED, MISSING;

  /** Whether the guest is alive (running, waiting or paused). */
  public boolean alive() {
    return this == RUNNING || this == BLOCKED || this == PAUSED || this == NOSTATE || this == PMSUSPENDED;
  }
}
