package org.eucalyptus.nc.instances;

import java.nio.file.Path;
import java.time.Instant;
import org.eucalyptus.wsdl.nc.NcRunInstance;

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

  private final NcRunInstance request;
  private final Instant launchTime;
  private final Path workDir;
  private Phase phase = Phase.PENDING;
  private String reason;
  private Instant teardownAt;

  NcInstance(NcRunInstance request, Instant launchTime, Path workDir) {
    this.request = request;
    this.launchTime = launchTime;
    this.workDir = workDir;
  }

  public String id() {
    return request.getInstanceId();
  }

  public NcRunInstance request() {
    return request;
  }

  public Instant launchTime() {
    return launchTime;
  }

  public Path workDir() {
    return workDir;
  }

  public Path consoleLog() {
    return workDir.resolve("console.log");
  }

  public Phase phase() {
    return phase;
  }

  public String reason() {
    return reason;
  }

  Instant teardownAt() {
    return teardownAt;
  }

  void moveTo(Phase next, String why, Instant now) {
    phase = next;
    if (why != null) {
      reason = why;
    }
    if (next == Phase.TEARDOWN) {
      teardownAt = now;
    }
  }

  public int cores() {
    return request.getInstanceType().getCores();
  }

  public int memoryMb() {
    return request.getInstanceType().getMemory();
  }

  public int diskGb() {
    return request.getInstanceType().getDisk();
  }
}
