package org.eucalyptus.nc.instances;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One instance on this node: the request that created it, and where it is in its life. Immutable:
 * {@link InstanceTable} replaces an instance's record when it changes, so what a reader got stays as
 * it was.
 *
 * @param images the cached images its disks are built on (kept in the cache while it lives)
 * @param publicIp the public address the cluster gave it (ncAssignAddress), or null
 * @param teardownAt when it reached Teardown, or null
 * @param volumes the EBS volumes attached to it (or being attached or detached), in attach order
 */
public record NcInstance(LaunchOrder request, Instant launchTime, Path workDir, State state, String reason,
    Instant teardownAt, List<Path> images, String publicIp, List<VolumeAttachment> volumes) {

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
    /** Asked to shut down (a clean stop): still running until its guest powers off or the grace ends. */
    SHUTTING_DOWN(Phase.EXTANT),
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

  public NcInstance {
    images = List.copyOf(images);
    volumes = List.copyOf(volumes);
  }

  /** Admitted now: {@code STAGING}, built on no images yet. */
  static NcInstance admitted(LaunchOrder request, Instant launchTime, Path workDir) {
    return new NcInstance(request, launchTime, workDir, State.STAGING, null, null, List.of(), null, List.of());
  }

  public String id() {
    return request.instanceId();
  }

  public Path consoleLog() {
    return workDir.resolve("console.log");
  }

  public Phase phase() {
    return state.phase();
  }

  /** The same instance moved on (a reason, if given, replaces the last one). */
  NcInstance movedTo(State next, String why, Instant now) {
    return new NcInstance(request, launchTime, workDir, next, why != null ? why : reason,
        next.phase() == Phase.TEARDOWN ? now : teardownAt, images, publicIp, volumes);
  }

  NcInstance withImages(List<Path> used) {
    return new NcInstance(request, launchTime, workDir, state, reason, teardownAt, used, publicIp, volumes);
  }

  NcInstance withPublicIp(String ip) {
    return new NcInstance(request, launchTime, workDir, state, reason, teardownAt, images,
        ip == null || ip.isEmpty() ? null : ip, volumes);
  }

  NcInstance withVolumes(List<VolumeAttachment> now) {
    return new NcInstance(request, launchTime, workDir, state, reason, teardownAt, images, publicIp, now);
  }

  /** The volume of that id attached here (in any state), if any. */
  public java.util.Optional<VolumeAttachment> volume(String volumeId) {
    return volumes.stream().filter(v -> v.volumeId().equals(volumeId)).findFirst();
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
