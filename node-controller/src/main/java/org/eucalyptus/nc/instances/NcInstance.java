package org.eucalyptus.nc.instances;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One instance on this node: the request that created it, and where it is in its life. Mutated
 * only by {@link InstanceTable}, under its lock.
 */
public final class NcInstance {
  /** The states reported upward, as the cluster controller expects them. */
  public enum Phase {
    PENDING("Pending"), EXTANT("Extant"), TEARDOWN("Teardown");

    private final String wireName;

    Phase(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Where the instance is inside the node; several of these share one {@link Phase}. */
  public enum State {
    /** Admitted; its files are being prepared. */
    STAGING(Phase.PENDING),
    /** Its domain is being created. */
    BOOTING(Phase.PENDING),
    RUNNING(Phase.EXTANT),
    /** The launch failed before the guest ran. */
    FAILED(Phase.TEARDOWN),
    /** The guest powered off, crashed or its domain vanished. */
    STOPPED(Phase.TEARDOWN),
    /** Terminated on request. */
    TERMINATED(Phase.TEARDOWN);

    private final Phase phase;

    State(Phase phase) {
      this.phase = phase;
    }

    public Phase phase() {
      return phase;
    }
  }

  private final LaunchRequest request;
  private final Instant launchTime;
  private final Path workDir;
  // Written under the table's lock, read without it by handlers: volatile, state written last.
  private volatile State state = State.STAGING;
  private volatile String reason;
  private volatile Instant teardownAt;
  /** The cached images this instance's disks are built on (kept in the cache while it lives). */
  private volatile java.util.List<Path> images = java.util.List.of();

  NcInstance(LaunchRequest request, Instant launchTime, Path workDir) {
    this.request = request;
    this.launchTime = launchTime;
    this.workDir = workDir;
  }

  public String id() {
    return request.instanceId();
  }

  public LaunchRequest request() {
    return request;
  }

  public Instant launchTime() {
    return launchTime;
  }

  public Path workDir() {
    return workDir;
  }

  private volatile String publicIp;

  /** The public address the cluster gave it (ncAssignAddress), or null. */
  public String publicIp() {
    return publicIp;
  }

  void assignPublicIp(String ip) {
    this.publicIp = ip == null || ip.isEmpty() ? null : ip;
  }

  public java.util.List<Path> images() {
    return images;
  }

  void useImages(java.util.List<Path> images) {
    this.images = java.util.List.copyOf(images);
  }

  public Path consoleLog() {
    return workDir.resolve("console.log");
  }

  public State state() {
    return state;
  }

  public Phase phase() {
    return state.phase();
  }

  public String reason() {
    return reason;
  }

  Instant teardownAt() {
    return teardownAt;
  }

  void moveTo(State next, String why, Instant now) {
    if (why != null) {
      reason = why;
    }
    if (next.phase() == Phase.TEARDOWN) {
      teardownAt = now;
    }
    state = next;
  }

  public int cores() {
    return request.machine().cores();
  }

  public int memoryMb() {
    return request.machine().memoryMb();
  }

  public int diskGb() {
    return request.machine().diskGb();
  }
}
