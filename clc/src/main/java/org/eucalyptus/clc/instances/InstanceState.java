package org.eucalyptus.clc.instances;

import java.util.EnumSet;
import java.util.Set;

/** EC2 instance states with their API codes. */
public enum InstanceState {
  PENDING(0, "pending"),
  RUNNING(16, "running"),
  SHUTTING_DOWN(32, "shutting-down"),
  TERMINATED(48, "terminated"),
  STOPPING(64, "stopping"),
  STOPPED(80, "stopped");

  private final int code;
  private final String apiName;

  InstanceState(int code, String apiName) {
    this.code = code;
    this.apiName = apiName;
  }

  public int code() {
    return code;
  }

  public String apiName() {
    return apiName;
  }

  /**
   * Whether a report or an action may move an instance from this state to {@code next}: the
   * lifecycle only goes forward (terminated stays terminated). Stopped goes back to pending only
   * through StartInstances ({@link Instance#restart}), never by a cluster's report.
   */
  public boolean canMoveTo(InstanceState next) {
    return successors().contains(next);
  }

  private Set<InstanceState> successors() {
    return switch (this) {
      case PENDING -> EnumSet.of(RUNNING, SHUTTING_DOWN, TERMINATED, STOPPING, STOPPED);
      case RUNNING -> EnumSet.of(SHUTTING_DOWN, TERMINATED, STOPPING, STOPPED);
      case STOPPING -> EnumSet.of(STOPPED, SHUTTING_DOWN, TERMINATED);
      case STOPPED -> EnumSet.of(SHUTTING_DOWN, TERMINATED);
      case SHUTTING_DOWN -> EnumSet.of(TERMINATED);
      case TERMINATED -> EnumSet.noneOf(InstanceState.class);
    };
  }

  public boolean isLive() {
    return this == PENDING || this == RUNNING;
  }

  /** Every state by its API name: read for every instance listed, so not a search of a fresh values(). */
  private static final java.util.Map<String, InstanceState> BY_API_NAME = java.util.Arrays.stream(values())
      .collect(java.util.stream.Collectors.toUnmodifiableMap(s -> s.apiName, s -> s));

  public static InstanceState fromApiName(String name) {
    InstanceState s = name == null ? null : BY_API_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown instance state " + name);
    }
    return s;
  }
}
